/**
 * A recorder pushing its admin password to the cameras on its channels (dahua.md §14; the
 * recorder GUI offers it after a reset or password change). The RPC a client uses to start it is
 * not public, so its name and shape are one assumption. The [I] model of what the recorder does:
 * log into each camera with the credentials it stored, change that camera's password, then store
 * the new one. A camera of this same lab runtime really changes; one outside it (not simulated
 * here) is taken as reached.
 */
import type { DahuaDeviceState } from './device-state';
import type { DahuaEnv } from './env';
import { RPC_ERROR } from './errors';
import { fail, ok, type RpcReply, type RpcRequest } from './rpc';

/**
 * ASSUMPTION (dahua.md §14, §18.8 [U]): an authenticated `LogicDeviceManager.syncPassword` with
 * optional `{"cameras":["<ip>", ...]}` (all channels when absent) pushes the recorder's current
 * admin password, answering `{"cameras":[{ip, serial, result}]}`.
 */
export function assumedCameraSyncRpc() {
  return { method: 'LogicDeviceManager.syncPassword' } as const;
}

/** Pushes the recorder's password to its cameras and records which ones took it. */
export function syncCameras(s: DahuaDeviceState, req: RpcRequest, env: DahuaEnv): RpcReply {
  if (s.device.kind !== 'recorder') return fail(req, RPC_ERROR.methodNotFound);
  const password = s.password;
  if (password === null) return fail(req, RPC_ERROR.notInitialized);
  const wanted = Array.isArray(req.params?.cameras) ? (req.params.cameras as unknown[]) : null;
  const targets = s.cameras.filter((c) => wanted === null || wanted.includes(c.ip));
  const results = targets.map((cam) => {
    const live = env.findByIp(cam.ip);
    let received = true;
    if (live && live !== s) {
      // The recorder logs in with what it stored; a camera whose password changed since refuses.
      received = live.initialized && live.password === cam.password;
      if (received) live.setPassword(password);
    }
    if (received) {
      cam.password = password;
      const i = s.synced.findIndex((x) => x.ip === cam.ip);
      if (i >= 0) s.synced.splice(i, 1);
      s.synced.push({ ip: cam.ip, serial: cam.serial, at: env.now });
    }
    return { ip: cam.ip, serial: cam.serial, result: received };
  });
  return ok(req, { cameras: results });
}
