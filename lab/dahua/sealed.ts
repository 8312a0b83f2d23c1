/** Opens the `{salt, cipher, content}` params of a request with the device's own key. */
import type { DahuaDeviceState } from './device-state';
import { isEnvelope, openEnvelope } from './envelope';
import type { RpcRequest } from './rpc';

/** The decrypted payload, or null when the params are not a valid envelope for this device. */
export async function openSealedParams(
  s: DahuaDeviceState,
  req: RpcRequest,
): Promise<Record<string, unknown> | null> {
  if (!isEnvelope(req.params)) return null;
  return openEnvelope(req.params, await s.rsaKey())?.payload ?? null;
}

/** Security.getEncryptInfo params as S14 captured them; works without a session. */
export async function encryptInfo(s: DahuaDeviceState): Promise<Record<string, unknown>> {
  return {
    AESPadding: ['ZERO', 'PKCS7'],
    asymmetric: 'RSA',
    cipher: ['AES', 'RPAC'],
    pub: (await s.rsaKey()).pub,
    suggestedAsymmetric: 'RSA',
  };
}
