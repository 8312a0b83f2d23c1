/**
 * Activation of a factory-fresh device (hikvision.md §5, §10, §11): over ISAPI when its web port
 * answers, else over SADP, which reaches a device left on a foreign subnet because it is addressed
 * by MAC on the multicast group. The password never travels in clear on either path.
 */
import type { Device } from '../../../shared/dto';
import { CustodianError } from '../../../shared/errors';
import { checkPassword, DEFAULT_PASSWORD_POLICY } from '../../../shared/password';
import { at, parseXml, text } from '../onvif/xml';
import { assumedSadpResult } from './assumptions-driver';
import { decodeActivateStatus } from './codec';
import {
  ephemeralKey,
  isapiActivatePassword,
  isapiPublicKeyField,
  sadpExchangeField,
  sadpExchangeKey,
  sadpPasswordField,
} from './crypto-client';
import {
  expectData,
  expectOk,
  isUnreachable,
  withSadp,
  type DriverContext,
} from './driver-context';
import type { SadpChannel } from './sadp-channel';
import { sadpResult } from './sadp-channel';

/** The only user a Hikvision device activates: its admin. */
export const ADMIN = 'admin';

/** Refuses, before anything is sent, a password the device's published rules refuse (§15). */
export function assertPolicy(password: string): void {
  const check = checkPassword(password, DEFAULT_PASSWORD_POLICY, ADMIN);
  if (!check.ok) throw new CustodianError('PASSWORD_POLICY', check.problems.join(', '));
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';

/** `GET /SDK/activateStatus` (anonymous) then the challenge and `PUT /ISAPI/System/activate`. */
async function activateIsapi(ctx: DriverContext, device: Device, password: string): Promise<void> {
  const key = ephemeralKey();
  const challenge = await ctx.call(device, 'POST', '/ISAPI/Security/challenge', {
    body: `${XML_DECL}<PublicKey><key>${isapiPublicKeyField(key)}</key></PublicKey>`,
  });
  const field = text(at(parseXml(expectData(challenge)), 'Challenge', 'key'));
  if (!field) throw new CustodianError('DEVICE_BAD_REPLY', 'challenge without a key');
  const encrypted = isapiActivatePassword(key, field, password);
  const reply = await ctx.call(device, 'PUT', '/ISAPI/System/activate', {
    body: `${XML_DECL}<ActivateInfo><password>${encrypted}</password></ActivateInfo>`,
  });
  expectOk(reply);
}

/**
 * `exchangecode` (§5 steps 1-3): hands the device a fresh RSA key and returns the AES key it sent
 * back. Reset verbs use the same key for their `<Password>` (an assumption, see assumptions-driver).
 */
export async function sadpExchange(ch: SadpChannel): Promise<Buffer> {
  const key = ephemeralKey();
  const reply = await ch.command('exchangecode', [['Code', sadpExchangeField(key)]]);
  const code = text(at(reply, 'Code'));
  if (assumedSadpResult(sadpResult(reply)) !== 'ok' || !code) {
    throw new CustodianError('DEVICE_BAD_REPLY', 'SADP exchangecode refused');
  }
  return sadpExchangeKey(key, code);
}

/** SADP `exchangecode` + `activate` (§5) [C]. */
async function activateSadp(ctx: DriverContext, device: Device, password: string): Promise<void> {
  await withSadp(ctx, device, async (ch) => {
    const k = await sadpExchange(ch);
    const reply = await ch.command('activate', [['Password', sadpPasswordField(k, password)]]);
    if (assumedSadpResult(sadpResult(reply)) !== 'ok') {
      // The device does not say why (already active, or a password it calls risky).
      throw new CustodianError('DEVICE_BAD_REPLY', 'SADP activate refused');
    }
  });
}

/** Sets the first admin password; SADP only when the device's HTTP port cannot be reached. */
export async function activate(
  ctx: DriverContext,
  device: Device,
  password: string,
): Promise<void> {
  assertPolicy(password);
  let activated: boolean;
  try {
    activated = decodeActivateStatus(
      expectData(await ctx.call(device, 'GET', '/SDK/activateStatus')),
    ).activated;
  } catch (err) {
    if (!isUnreachable(err)) throw err;
    return activateSadp(ctx, device, password);
  }
  if (activated) throw new CustodianError('CAPABILITY_UNAVAILABLE', 'already activated');
  // supportVersion 3 ("V3" activation) is single-source [S]; the legacy path is tried first.
  await activateIsapi(ctx, device, password);
}
