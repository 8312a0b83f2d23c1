/**
 * A tiny XM device for tests: a net.Server on 127.0.0.1, port 0, that speaks NETIP framing and
 * answers login, keep-alive, config get and logout, with the faults the client must survive
 * (split writes, fragmented replies, pushed alarms, silence, garbage). Not used by product code.
 */
import net from 'node:net';
import { XM_MSG, encodeXmFrame, encodeXmJson, formatXmSessionId } from '../../discovery/xm/netip';
import { XmFrameReader } from './framer';
import { sofiaHash } from './sofia';

export interface FakeXmDeviceOptions {
  /** admin's password; default '' (the factory default). */
  password?: string;
  /** Failed logins before the account answers 205; default 3. */
  lockAfter?: number;
  sessionId?: number;
  aliveInterval?: number;
  configs?: Record<string, unknown>;
  /** `split`: replies in 7-byte writes; `fragmented`: in 2 NETIP packets; `alarm`: an 1504 push first. */
  mode?: 'whole' | 'split' | 'fragmented' | 'alarm';
  /** Message ids it never answers. */
  silentOn?: number[];
  /** Replaces the reply to a message id with these bytes. */
  raw?: Record<number, Buffer>;
}

export interface FakeXmDevice {
  port: number;
  /** Every request as received: id, header session and JSON body. */
  received: { messageId: number; sessionId: number; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** Starts the fake device; resolves once it listens. */
export async function startFakeXmDevice(options: FakeXmDeviceOptions = {}): Promise<FakeXmDevice> {
  const sessionId = options.sessionId ?? 0x57;
  const received: FakeXmDevice['received'] = [];
  let failures = 0;
  const sockets = new Set<net.Socket>();

  const answer = (messageId: number, body: Record<string, unknown>): Record<string, unknown> => {
    const SessionID = formatXmSessionId(sessionId);
    const sessionOk = body.SessionID === SessionID;
    switch (messageId) {
      case XM_MSG.LOGIN_REQ: {
        if (failures >= (options.lockAfter ?? 3)) return { Ret: 205, SessionID: '0x00000000' };
        const good =
          body.UserName === 'admin' && body.PassWord === sofiaHash(options.password ?? '');
        if (!good) {
          failures += 1;
          return { Ret: 203, SessionID: '0x00000000' };
        }
        const alive = options.aliveInterval ?? 21;
        return { AliveInterval: alive, ChannelNum: 1, 'DeviceType ': 'IPC', Ret: 100, SessionID };
      }
      case XM_MSG.KEEPALIVE_REQ:
        return { Name: 'KeepAlive', Ret: sessionOk ? 100 : 105, SessionID };
      case XM_MSG.CONFIG_GET_REQ: {
        const name = String(body.Name);
        if (!sessionOk) return { Name: name, Ret: 105, SessionID };
        const value = options.configs?.[name];
        return value === undefined
          ? { Name: name, Ret: 607, SessionID }
          : { [name]: value, Name: name, Ret: 100, SessionID };
      }
      case XM_MSG.LOGOUT_REQ:
        return { Name: '', Ret: 100, SessionID };
      default:
        return { Ret: 502, SessionID };
    }
  };

  const frames = (messageId: number, payload: Buffer): Buffer[] => {
    const head = { messageId, sessionId, version: 1 };
    if (options.mode !== 'fragmented') return [encodeXmFrame(head, payload)];
    const cut = Math.ceil(payload.length / 2);
    return [
      encodeXmFrame({ ...head, totalPackets: 2, currentPacket: 0 }, payload.subarray(0, cut)),
      encodeXmFrame({ ...head, totalPackets: 2, currentPacket: 1 }, payload.subarray(cut)),
    ];
  };

  const write = async (socket: net.Socket, data: Buffer): Promise<void> => {
    if (options.mode !== 'split') return void socket.write(data);
    for (let i = 0; i < data.length; i += 7) {
      socket.write(data.subarray(i, i + 7));
      await new Promise((r) => setTimeout(r, 1));
    }
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new XmFrameReader();
    socket.on('data', (chunk: Buffer) => {
      const read = reader.push(chunk);
      if (!read.ok) return void socket.destroy();
      for (const { header, payload } of read.messages) {
        const text = payload.toString('utf8').replace(/[\n\0]+$/, '');
        const body = JSON.parse(text) as Record<string, unknown>;
        received.push({ messageId: header.messageId, sessionId: header.sessionId, body });
        if (options.silentOn?.includes(header.messageId)) continue;
        const raw = options.raw?.[header.messageId];
        const reply = raw
          ? [raw]
          : frames(header.messageId + 1, encodeXmJson(answer(header.messageId, body)));
        if (options.mode === 'alarm') {
          reply.unshift(
            encodeXmFrame({ messageId: 1504, sessionId }, encodeXmJson({ Name: 'AlarmInfo' })),
          );
        }
        void write(socket, Buffer.concat(reply));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
