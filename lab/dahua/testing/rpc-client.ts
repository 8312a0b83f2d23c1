/**
 * A small Dahua JSON-RPC client for tests, written from dahua.md alone (not from the lab's code):
 * the two-step `Default` login hash (§8) and the `{salt, cipher, content}` envelope (§9) with RSA
 * PKCS#1 v1.5 and zero-padded AES-128-ECB or RPAC-256 (AES-256-CBC, IV "0"x16).
 */
import {
  createCipheriv,
  createHash,
  createPublicKey,
  publicEncrypt,
  constants,
  randomInt,
} from 'node:crypto';

export interface Reply {
  id?: number;
  result?: boolean | number;
  params?: Record<string, unknown> | null;
  error?: { code: number; message: string };
  session?: string | number;
}

const hexMd5 = (s: string) => createHash('md5').update(s).digest('hex').toUpperCase();

/** The documented `Default` login answer. */
export function loginAnswer(user: string, password: string, realm: string, random: string): string {
  return hexMd5(`${user}:${random}:${hexMd5(`${user}:${realm}:${password}`)}`);
}

export class TestDahuaClient {
  session: string | number = 0;
  private id = 0;
  constructor(readonly baseUrl: string) {}

  /** POSTs a JSON body; `json` is null when the reply does not parse (malformed fault). */
  async post(
    path: string,
    body: unknown,
  ): Promise<{ status: number; text: string; json: Reply | null }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let json: Reply | null = null;
    try {
      json = JSON.parse(text) as Reply;
    } catch {
      json = null;
    }
    return { status: res.status, text, json };
  }

  async rpc(path: string, method: string, params: unknown, withSession = true): Promise<Reply> {
    const body = {
      method,
      params,
      id: ++this.id,
      ...(withSession ? { session: this.session } : {}),
    };
    const r = await this.post(path, body);
    if (!r.json) throw new Error(`unparsable reply ${r.status}: ${r.text.slice(0, 80)}`);
    return r.json;
  }

  /** Step 1, then step 2 with `password`; `step2Extra` overrides step-2 params (for bad shapes). */
  async login(
    password: string,
    step2Extra: Record<string, unknown> = {},
    user = 'admin',
  ): Promise<Reply> {
    this.session = 0;
    const base = { userName: user, password: '', clientType: 'Web3.0', loginType: 'Direct' };
    const challenge = await this.rpc('/RPC2_Login', 'global.login', base);
    const p = challenge.params!;
    this.session = challenge.session!;
    const answer = loginAnswer(user, password, String(p.realm), String(p.random));
    const step2 = {
      ...base,
      password: answer,
      authorityType: 'Default',
      passwordType: 'Default',
      ...step2Extra,
    };
    const reply = await this.rpc('/RPC2_Login', 'global.login', step2);
    if (reply.result === true) this.session = reply.session!;
    return reply;
  }

  call(method: string, params: unknown = null): Promise<Reply> {
    return this.rpc('/RPC2', method, params);
  }

  outside(method: string, params: unknown = null): Promise<Reply> {
    return this.rpc('/OutsideCmd', method, params, false);
  }

  /** Wraps `payload` in the envelope for this device's key (from Security.getEncryptInfo). */
  async seal(payload: unknown, cipher: 'AES-128' | 'RPAC-256' = 'RPAC-256') {
    const info = await this.outside('Security.getEncryptInfo');
    const [, n, e] = /^N:([0-9A-F]+),E:([0-9A-F]+)$/i.exec(info.params!.pub as string)!;
    const b64 = (hex: string) =>
      Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
    const key = createPublicKey({ key: { kty: 'RSA', n: b64(n!), e: b64(e!) }, format: 'jwk' });
    const len = cipher === 'AES-128' ? 16 : 32;
    const secret = Buffer.from(
      Array.from({ length: len }, () => String(randomInt(10))).join(''),
      'ascii',
    );
    const salt = publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, secret).toString(
      'hex',
    );
    let data = Buffer.from(JSON.stringify(payload), 'utf8');
    data = Buffer.concat([data, Buffer.alloc((16 - (data.length % 16)) % 16)]);
    const c =
      cipher === 'AES-128'
        ? createCipheriv('aes-128-ecb', secret, null)
        : createCipheriv('aes-256-cbc', secret, Buffer.from('0000000000000000', 'ascii'));
    c.setAutoPadding(false);
    const content = Buffer.concat([c.update(data), c.final()]).toString('base64');
    return { salt, cipher, content };
  }
}
