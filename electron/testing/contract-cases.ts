/**
 * One set of contract cases, run through every transport (IPC against a faithful in-memory pair,
 * and the WebSocket host), so the two cannot disagree about what is accepted and what is refused.
 */
import { expect } from 'vitest';
import type { Envelope, EventName, EventPayloads } from '../shared/contract';
import { MAX_REQUEST_BYTES } from '../shared/contract';

export interface TransportClient {
  /** Sends anything at all, as a hostile or buggy renderer could. */
  call(verb: unknown, input?: unknown): Promise<Envelope<unknown>>;
  waitForEvent<E extends EventName>(
    event: E,
    match: (p: EventPayloads[E]) => boolean,
  ): Promise<EventPayloads[E]>;
}

export interface ContractCase {
  name: string;
  run(client: TransportClient, transport: 'ipc' | 'websocket'): Promise<void>;
}

function errorCode(env: Envelope<unknown>): string | undefined {
  return env.ok ? undefined : env.error.code;
}

export const CONTRACT_CASES: ContractCase[] = [
  {
    name: 'app:info answers and names its transport',
    async run(c, transport) {
      const env = await c.call('app:info');
      expect(env.ok).toBe(true);
      if (env.ok)
        expect(env.value).toMatchObject({ name: 'Custodian', transport, loopbackOnly: true });
    },
  },
  {
    name: 'an unknown verb is a typed UNKNOWN_VERB error',
    async run(c) {
      expect(errorCode(await c.call('devices:format-disk', {}))).toBe('UNKNOWN_VERB');
      expect(errorCode(await c.call(42))).toBe('UNKNOWN_VERB');
      expect(errorCode(await c.call('__proto__'))).toBe('UNKNOWN_VERB');
      expect(errorCode(await c.call('toString'))).toBe('UNKNOWN_VERB');
    },
  },
  {
    name: 'wrong types are refused with INVALID_INPUT and start nothing',
    async run(c) {
      for (const bad of [
        { durationMs: 'soon' },
        { durationMs: 10 },
        { durationMs: 1.5 },
        { interfaces: 'lo' },
        { interfaces: [1] },
        { unexpected: true },
        { watch: 'yes' },
        { watch: true, intervalMs: 10 },
        { watch: true, intervalMs: 3_600_000 },
        'start',
        [1, 2],
      ]) {
        expect(errorCode(await c.call('discovery:start', bad)), JSON.stringify(bad)).toBe(
          'INVALID_INPUT',
        );
      }
      expect(errorCode(await c.call('device:get', { id: 7 }))).toBe('INVALID_INPUT');
      expect(errorCode(await c.call('devices:list', { all: true }))).toBe('INVALID_INPUT');
      const status = await c.call('discovery:status');
      expect(status).toEqual({ ok: true, value: null });
    },
  },
  {
    name: 'an oversize payload is refused with PAYLOAD_TOO_LARGE',
    async run(c) {
      const env = await c.call('device:get', { id: 'x'.repeat(MAX_REQUEST_BYTES + 10) });
      expect(errorCode(env)).toBe('PAYLOAD_TOO_LARGE');
    },
  },
  {
    name: 'an unknown device is NOT_FOUND',
    async run(c) {
      expect(errorCode(await c.call('device:get', { id: 'mac:00:00:00:00:00:99' }))).toBe(
        'NOT_FOUND',
      );
    },
  },
  {
    name: 'an unknown interface is INTERFACE_NOT_FOUND',
    async run(c) {
      const env = await c.call('discovery:start', { interfaces: ['no-such-nic0'] });
      expect(errorCode(env)).toBe('INTERFACE_NOT_FOUND');
    },
  },
  {
    name: 'manual add takes only a well-formed IPv4 address, and only loopback in a loopback run',
    async run(c) {
      for (const address of ['999.1.1.1', '127.0.0', 'camera.local', '127.0.0.1 ']) {
        expect(errorCode(await c.call('device:addManual', { address })), address).toBe(
          'INVALID_INPUT',
        );
      }
      expect(errorCode(await c.call('device:addManual', { address: '192.0.2.10' }))).toBe(
        'NON_LOOPBACK_REFUSED',
      );
    },
  },
  {
    name: 'a range add takes an address, a range or a CIDR block, bounded, loopback only here',
    async run(c) {
      for (const range of [
        'camera.local',
        '127.0.0.1;rm',
        '127.0.0.1/33x',
        '',
        7,
        '1'.repeat(41),
      ]) {
        expect(errorCode(await c.call('device:addRange', { range })), String(range)).toBe(
          'INVALID_INPUT',
        );
      }
      for (const range of ['127.0.0.0/8', '127.0.0.9-127.0.0.1', '127.0.0.1-300']) {
        expect(errorCode(await c.call('device:addRange', { range })), range).toBe('INVALID_INPUT');
      }
      expect(errorCode(await c.call('device:addRange', { range: '192.0.2.0/30' }))).toBe(
        'NON_LOOPBACK_REFUSED',
      );
      expect(await c.call('device:cancelRange')).toEqual({ ok: true, value: { cancelled: false } });
    },
  },
  {
    name: 'diagnostics answer before any scan, with no hints to act on yet',
    async run(c) {
      const env = await c.call('discovery:diagnostics');
      expect(env.ok).toBe(true);
      if (env.ok) expect(env.value).toMatchObject({ lastScan: null, warnings: [] });
    },
  },
  {
    name: 'a scan streams devices and progress as events, then lists them',
    async run(c) {
      const added = c.waitForEvent('devices:changed', (p) => p.device.serial === 'SN0002');
      const finished = c.waitForEvent('discovery:progress', (p) => p.state === 'done');
      const start = await c.call('discovery:start', { durationMs: 500 });
      expect(start.ok).toBe(true);
      expect(errorCode(await c.call('discovery:start', { durationMs: 500 }))).toBe(
        'SCAN_IN_PROGRESS',
      );
      expect((await added).device.model).toBe('IPC-B2');
      const done = await finished;
      expect(done.found).toBe(2);
      const list = await c.call('devices:list');
      expect(list.ok && (list.value as unknown[]).length).toBe(2);
    },
  },
  {
    name: 'account and flow verbs refuse malformed input with INVALID_INPUT, never echoing a secret',
    async run(c) {
      const id = 'mac:00:11:22:33:44:01';
      const secret = 'Canary-7Q!x42';
      const bad: [string, unknown][] = [
        ['device:capabilities', {}],
        ['device:login', { id, username: 'admin' }],
        ['device:login', { id, username: '', password: secret }],
        ['device:login', { id, username: 'admin', password: `${secret}${'x'.repeat(64)}` }],
        ['device:login', { id, username: 'admin', password: secret, confirmLastAttempt: 'yes' }],
        ['device:forget', { id: '' }],
        ['device:changePassword', { id }],
        ['device:changePassword', { id, newPassword: `${secret}${'x'.repeat(64)}` }],
        ['device:changePassword', { id, newPassword: secret, password: secret }],
        ['device:changePassword', { id, newPassword: secret, confirmLastAttempt: 'yes' }],
        ['flow:activate', { deviceIds: id, password: secret }],
        ['flow:activate', { deviceIds: [id], password: secret, email: 'not-an-address' }],
        ['flow:activate', { deviceIds: Array.from({ length: 257 }, () => id), password: secret }],
        ['flow:setupRecovery', { deviceId: id, questions: [{ id: 'one', answer: secret }] }],
        ['flow:setupRecovery', { deviceId: id, exportKey: 1 }],
        ['flow:recover', { deviceId: id, method: 'backdoor' }],
        ['flow:submit', { flowId: 'f', code: 'x'.repeat(65) }],
        ['flow:submit', { flowId: 'f', code: secret, password: secret }],
        ['flow:submit', { flowId: 'f', keyFileBase64: 'x'.repeat(48_001) }],
        ['flow:cancel', {}],
        ['flow:get', { flowId: 7 }],
        ['flows:list', { all: true }],
      ];
      for (const [verb, input] of bad) {
        const env = await c.call(verb, input);
        expect(errorCode(env), `${verb} ${JSON.stringify(input).slice(0, 80)}`).toBe(
          'INVALID_INPUT',
        );
        expect(JSON.stringify(env)).not.toContain(secret);
      }
    },
  },
  {
    name: 'account and flow verbs answer NOT_FOUND / FLOW_NOT_FOUND for what does not exist',
    async run(c) {
      const id = 'mac:00:00:00:00:00:99';
      expect(errorCode(await c.call('device:capabilities', { id }))).toBe('NOT_FOUND');
      expect(
        errorCode(await c.call('device:login', { id, username: 'admin', password: 'Pass-1234' })),
      ).toBe('NOT_FOUND');
      expect(
        errorCode(await c.call('device:changePassword', { id, newPassword: 'Pass-1234' })),
      ).toBe('NOT_FOUND');
      expect(
        errorCode(await c.call('flow:activate', { deviceIds: [id], password: 'Pass-1234' })),
      ).toBe('NOT_FOUND');
      expect(errorCode(await c.call('flow:recover', { deviceId: id, method: 'qr' }))).toBe(
        'NOT_FOUND',
      );
      for (const verb of ['flow:get', 'flow:cancel']) {
        expect(errorCode(await c.call(verb, { flowId: 'no-such-flow' })), verb).toBe(
          'FLOW_NOT_FOUND',
        );
      }
      expect(
        errorCode(
          await c.call('flow:submit', {
            flowId: 'no-such-flow',
            code: '1',
            newPassword: 'Pass-1234',
          }),
        ),
      ).toBe('FLOW_NOT_FOUND');
      expect(await c.call('flows:list')).toEqual({ ok: true, value: [] });
      expect(await c.call('device:forget', { id })).toEqual({
        ok: true,
        value: { forgotten: false },
      });
    },
  },
];
