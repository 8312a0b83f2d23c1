/**
 * JSON-RPC shapes shared by every Dahua endpoint: a parsed request, a reply, and the builders for
 * success and error replies (dahua.md §7: `{id, result, params, error, session}`; `result` may be
 * a bool, `params` may be null).
 */
import { RPC_ERROR, RPC_MESSAGE, SDK_ERROR, type SdkErrorName } from './errors';

export interface RpcRequest {
  method: string;
  params: Record<string, unknown> | null;
  id: number;
  /** Absent on factory-init calls; a 32-hex string on HTTP, a number on DHIP. */
  session?: string | number;
  /** Top-level keys besides these (e.g. `mac` on DHIP). */
  extra: Record<string, unknown>;
}

export interface RpcReply {
  id?: number;
  result?: boolean | number;
  params?: Record<string, unknown> | null;
  error?: { code: number; message: string };
  session?: string | number;
  [key: string]: unknown;
}

/** Parses a JSON-RPC request body; null when it is not one (caller answers a parse error). */
export function parseRpcRequest(text: string): RpcRequest | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { method, params, id, session, ...extra } = raw as Record<string, unknown>;
  if (typeof method !== 'string' || method.length === 0 || method.length > 128) return null;
  const p = typeof params === 'object' && params !== null && !Array.isArray(params) ? params : null;
  const s = typeof session === 'string' || typeof session === 'number' ? session : undefined;
  return {
    method,
    params: p as Record<string, unknown> | null,
    id: typeof id === 'number' && Number.isInteger(id) ? id : 0,
    ...(s === undefined ? {} : { session: s }),
    extra,
  };
}

/** A `result: true` reply. */
export function ok(
  req: RpcRequest,
  params: Record<string, unknown> | null = null,
  session?: string | number,
): RpcReply {
  return { id: req.id, params, result: true, session: session ?? req.session ?? 0 };
}

/** A `result: false` reply carrying one of the firmware error codes. */
export function fail(
  req: RpcRequest,
  code: number,
  params: Record<string, unknown> | null = null,
  session?: string | number,
): RpcReply {
  const message = RPC_MESSAGE[code] ?? RPC_MESSAGE[RPC_ERROR.unknown]!;
  return {
    error: { code, message },
    id: req.id,
    params,
    result: false,
    session: session ?? req.session ?? 0,
  };
}

/**
 * ASSUMPTION (dahua.md §12a, §10: only NetSDK's client-side numbers are public, not the codes
 * the device puts in `error.code` on these paths): the lab answers reset and init failures with
 * the NetSDK number, high bit set, as `error.code`. Replace once a capture shows the real code.
 */
export function assumedSdkErrorReply(
  req: RpcRequest,
  name: SdkErrorName,
  params: Record<string, unknown> | null = null,
): RpcReply {
  const code = (0x80000000 | SDK_ERROR[name]) >>> 0;
  return {
    error: { code, message: name },
    id: req.id,
    params,
    result: false,
    session: req.session ?? 0,
  };
}
