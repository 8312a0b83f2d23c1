/**
 * Dahua HTTP JSON-RPC codec (dahua.md §7): request bodies for /RPC2_Login and /RPC2, and a reply
 * decoder that never throws. Replies vary by firmware: `result` is a bool or a number, `session`
 * a hex string on HTTP or an integer on older firmware, `params` an object or null.
 */

/** Error codes from dahua.md §7 (S1, S3, S4, S17) that the client acts on. */
export const DAHUA_ERROR = {
  loginChallenge: 268632079,
  badCredentials: 268632085,
  locked: 268632081,
  notInitialized: 268632086,
  userNotValid: 268632070,
  passwordNotValid: 268632071,
  inBlackList: 268632073,
  hasBeenUsed: 268632074,
  busy: 268632075,
  methodNotFound: 268894210,
  invalidParams: 268894211,
  invalidSession: 287637504,
  invalidSessionAlt: 287637505,
} as const;

/** A session as the device sent it; it goes back in the same form. */
export type DahuaSession = string | number;

export interface RpcRequest {
  method: string;
  params: unknown;
  id: number;
  session?: DahuaSession;
}

export interface RpcError {
  code: number | null;
  /** The device's text, control characters removed, at most 200 characters. */
  message: string;
}

export interface RpcReply {
  id: number | null;
  result: boolean | number | null;
  params: Record<string, unknown> | null;
  error: RpcError | null;
  session: DahuaSession | null;
}

export type RpcDecodeResult = { ok: true; reply: RpcReply } | { ok: false; reason: string };

/** Login and ordinary replies are a few KiB; config dumps stay well under this. */
export const RPC_MAX_REPLY_BYTES = 1024 * 1024;

/** The JSON body of one RPC request, keys in the order the web UI sends them. */
export function encodeRpcRequest(req: RpcRequest): string {
  const body: Record<string, unknown> = { method: req.method, params: req.params, id: req.id };
  if (req.session !== undefined) body.session = req.session;
  return JSON.stringify(body);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clean(text: string, max: number): string {
  return text.replace(/\p{Cc}/gu, '').slice(0, max);
}

/** A session id: a short hex/decimal string or a non-negative safe integer; else null. */
function readSession(value: unknown): DahuaSession | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^[0-9A-Za-z]{1,64}$/.test(value)) return value;
  return null;
}

function readError(value: unknown): RpcError | null {
  if (!isObject(value)) return null;
  const code =
    typeof value.code === 'number' && Number.isSafeInteger(value.code) ? value.code : null;
  const message = typeof value.message === 'string' ? clean(value.message, 200) : '';
  return { code, message };
}

/** Reads one RPC reply body. Never throws: failures are `{ ok: false, reason }`. */
export function decodeRpcReply(
  body: Buffer | string,
  maxBytes: number = RPC_MAX_REPLY_BYTES,
): RpcDecodeResult {
  try {
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (size > maxBytes) return { ok: false, reason: `reply over ${maxBytes} bytes` };
    // Firmware may end the body with NUL or a newline (as on DHIP); neither is JSON.
    const text = (typeof body === 'string' ? body : body.toString('utf8')).replace(/[\0\s]+$/, '');
    if (!text.trimStart().startsWith('{')) return { ok: false, reason: 'reply is not JSON' };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'reply is not valid JSON' };
    }
    if (!isObject(json)) return { ok: false, reason: 'reply is not a JSON object' };
    const result =
      typeof json.result === 'boolean' || typeof json.result === 'number' ? json.result : null;
    const id = typeof json.id === 'number' && Number.isSafeInteger(json.id) ? json.id : null;
    return {
      ok: true,
      reply: {
        id,
        result,
        params: isObject(json.params) ? json.params : null,
        error: readError(json.error),
        session: readSession(json.session),
      },
    };
  } catch {
    return { ok: false, reason: 'reply could not be read' };
  }
}

/** A non-negative integer field of `params`, also when sent as a decimal string; else null. */
export function paramInt(params: Record<string, unknown> | null, key: string): number | null {
  const v = params?.[key];
  const n = typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** A short printable string field of `params`; else null. */
export function paramText(
  params: Record<string, unknown> | null,
  key: string,
  max = 128,
): string | null {
  const v = params?.[key];
  if (typeof v !== 'string') return null;
  const t = clean(v, max + 1).trim();
  return t && t.length <= max ? t : null;
}
