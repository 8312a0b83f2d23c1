import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Envelope, EventName, EventPayloads, HostMessage } from '../shared';
import { createEngine, type Engine } from '../core/engine';
import { CONTRACT_CASES, type TransportClient } from '../testing/contract-cases';
import { FakeScanner, SAMPLE_DEVICES } from '../testing/fake-scanner';
import { startHost, type RunningHost } from './host';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'custodian-host-'));
}

function makeEngine(): Engine {
  return createEngine({
    dataDir: tempDir(),
    loopbackOnly: true,
    scanners: [new FakeScanner(SAMPLE_DEVICES)],
    identify: async () => null,
  });
}

function open(host: RunningHost, opts: { token?: string; origin?: string | null } = {}) {
  const token = opts.token ?? host.token;
  const headers: Record<string, string> = {};
  if (opts.origin !== null) headers.Origin = opts.origin ?? host.url;
  return new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(token)}`, {
    headers,
  });
}

/** Resolves with the HTTP status and JSON body of a refused upgrade. */
function refusal(ws: WebSocket): Promise<{ status: number; body: { error: { code: string } } }> {
  return new Promise((resolve, reject) => {
    ws.on('open', () => reject(new Error('upgrade was accepted')));
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    ws.on('error', () => undefined);
  });
}

async function connect(host: RunningHost): Promise<TransportClient & { ws: WebSocket }> {
  const ws = open(host);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (env: Envelope<unknown>) => void>();
  const listeners = new Set<(msg: HostMessage) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as HostMessage;
    if ('id' in msg) {
      pending.get(msg.id)?.(
        msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error },
      );
      pending.delete(msg.id);
    }
    for (const l of listeners) l(msg);
  });
  return {
    ws,
    call(verb, input) {
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, verb, input }));
      });
    },
    waitForEvent<E extends EventName>(event: E, match: (p: EventPayloads[E]) => boolean) {
      return new Promise<EventPayloads[E]>((resolve) => {
        const l = (msg: HostMessage) => {
          if ('event' in msg && msg.event === event && match(msg.payload as EventPayloads[E])) {
            listeners.delete(l);
            resolve(msg.payload as EventPayloads[E]);
          }
        };
        listeners.add(l);
      });
    },
  };
}

describe('WebSocket host: the contract cases', () => {
  let engine: Engine;
  let host: RunningHost;
  let client: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    engine = makeEngine();
    host = await startHost({ engine });
    client = await connect(host);
  });
  afterAll(async () => {
    client.ws.close();
    await host.close();
    await engine.close();
  });
  for (const c of CONTRACT_CASES) it(c.name, () => c.run(client, 'websocket'));
});

describe('WebSocket host: who may connect', () => {
  let engine: Engine;
  let host: RunningHost;
  beforeAll(async () => {
    engine = makeEngine();
    const staticDir = tempDir();
    mkdirSync(path.join(staticDir, 'assets'));
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    host = await startHost({ engine, staticDir });
  });
  afterAll(async () => {
    await host.close();
    await engine.close();
  });

  it('listens on loopback only by default', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a wrong token with HOST_UNAUTHORIZED', async () => {
    const r = await refusal(open(host, { token: 'guess' }));
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('HOST_UNAUTHORIZED');
  });

  it('refuses a token of the right length but wrong value', async () => {
    const wrong = host.token.replace(/./, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await refusal(open(host, { token: wrong }))).status).toBe(401);
  });

  it('refuses a foreign Origin with ORIGIN_DENIED, even with the right token', async () => {
    const r = await refusal(open(host, { origin: 'http://evil.example' }));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('ORIGIN_DENIED');
  });

  it('refuses an upgrade without Origin', async () => {
    expect((await refusal(open(host, { origin: null }))).body.error.code).toBe('ORIGIN_DENIED');
  });

  it('answers a message that is not JSON with INVALID_INPUT and stays open', async () => {
    const c = await connect(host);
    const reply = new Promise<HostMessage>((resolve) =>
      c.ws.once('message', (d) => resolve(JSON.parse(d.toString()))),
    );
    c.ws.send('{not json');
    const msg = await reply;
    expect(msg).toMatchObject({ id: -1, ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await c.call('devices:list')).ok).toBe(true);
    c.ws.close();
  });

  it('serves the renderer with a strict CSP and refuses path traversal', async () => {
    const page = await fetch(`${host.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fetc/passwd']) {
      expect((await fetch(`${host.url}${p}`)).status, p).toBe(404);
    }
    expect((await fetch(`${host.url}/`, { method: 'POST' })).status).toBe(405);
  });
});
