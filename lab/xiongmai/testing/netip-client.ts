/**
 * A tiny NETIP client for tests, written from xiongmai.md alone (not from the lab's codec): it
 * frames requests the way python-dvr and go2rtc do (version 0, `\n\0` trailer) and carries its
 * own Sofia hash, so a lab bug cannot hide behind a shared helper.
 */
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** §5, written out again on purpose. */
export function clientSofia(password: string): string {
  const d = createHash('md5').update(Buffer.from(password, 'utf8')).digest();
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: 8 }, (_, i) => chars[(d[i * 2]! + d[i * 2 + 1]!) % 62]).join('');
}

export interface ClientReply {
  header: Buffer;
  msgId: number;
  session: number;
  body: Record<string, unknown>;
  raw: Buffer;
}

export class NetipTestClient {
  session = 0;
  private seq = 0;
  private buf = Buffer.alloc(0);
  private waiters: ((r: ClientReply) => void)[] = [];
  private replies: ClientReply[] = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (c: Buffer) => this.onData(c));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }

  static open(host: string, port: number): Promise<NetipTestClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port }, () => resolve(new NetipTestClient(s)));
      s.once('error', reject);
    });
  }

  /** Sends `body` as message `msgId` and waits for the next reply (2 s at most). */
  async request(
    msgId: number,
    body: Record<string, unknown>,
    timeoutMs = 2000,
  ): Promise<ClientReply> {
    const json = Buffer.from(JSON.stringify(body) + '\n\0', 'utf8');
    const h = Buffer.alloc(20);
    h[0] = 0xff;
    h.writeUInt32LE(this.session, 4);
    h.writeUInt32LE(this.seq++, 8);
    h.writeUInt16LE(msgId, 14);
    h.writeUInt32LE(json.length, 16);
    this.socket.write(Buffer.concat([h, json]));
    return this.next(timeoutMs);
  }

  /** Logs in as admin; on success keeps the session for later requests. */
  async login(password: string): Promise<ClientReply> {
    const r = await this.request(1000, {
      EncryptType: 'MD5',
      LoginType: 'DVRIP-Web',
      PassWord: clientSofia(password),
      UserName: 'admin',
    });
    if (r.body.Ret === 100) this.session = Number.parseInt(String(r.body.SessionID), 16);
    return r;
  }

  /** A 1650 command without login. */
  cmd(name: string, args?: Record<string, unknown>): Promise<ClientReply> {
    return this.request(1650, {
      Name: name,
      SessionID: '0x00000000',
      ...(args ? { [name]: args } : {}),
    });
  }

  next(timeoutMs = 2000): Promise<ClientReply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no reply')), timeoutMs);
      this.waiters.push((r) => {
        clearTimeout(t);
        resolve(r);
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 20) {
      const len = this.buf.readUInt32LE(16);
      if (this.buf.length < 20 + len) return;
      const raw = this.buf.subarray(0, 20 + len);
      this.buf = this.buf.subarray(20 + len);
      const text = raw
        .subarray(20)
        .toString('utf8')
        .replace(/[\n\0]+$/, '');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = { unparsable: text };
      }
      const reply = {
        header: raw.subarray(0, 20),
        msgId: raw.readUInt16LE(14),
        session: raw.readUInt32LE(4),
        body,
        raw,
      };
      const w = this.waiters.shift();
      if (w) w(reply);
      else this.replies.push(reply);
    }
  }
}
