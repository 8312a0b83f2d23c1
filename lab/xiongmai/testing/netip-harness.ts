/**
 * Shared set-up of the NETIP test files: two XM devices (factory-fresh, and one with password,
 * e-mail and questions) on TCP only (ctx.discovery false), in the 127.0.91.x range, so these
 * tests bind no UDP and run outside the network namespace.
 */
import { afterEach, beforeEach } from 'vitest';
import { startXiongmai, type XiongmaiRuntime } from '../fleet';
import { fakeContext, type FakeContext } from './fake-context';
import { xmTestDevice } from './devices';
import { NetipTestClient } from './netip-client';

export const Q1 = 'What is your Facebook account?';
export const Q2 = "When is your mother's birthday(For example,Feb 1953)?";

const devices = () => [
  xmTestDevice('127.0.91', 1, {}, 0),
  xmTestDevice(
    '127.0.91',
    2,
    {
      adminPassword: 'Old-Pass-1',
      email: 'owner@example.test',
      questions: [
        { question: Q1, answer: 'fb.owner' },
        { question: Q2, answer: 'Feb 1953' },
      ],
    },
    0,
  ),
];

export interface NetipLab {
  readonly ctx: FakeContext;
  readonly rt: XiongmaiRuntime;
  /** A client connected to the device's current address and port, closed after the test. */
  open(id: string): Promise<NetipTestClient>;
}

/** Registers before/after hooks; the returned object is valid inside each test. */
export function useNetipLab(): NetipLab {
  let ctx: FakeContext;
  let rt: XiongmaiRuntime;
  let clients: NetipTestClient[] = [];
  beforeEach(async () => {
    ctx = fakeContext(undefined, false);
    clients = [];
    rt = await startXiongmai(devices(), ctx);
  });
  afterEach(async () => {
    for (const c of clients) c.close();
    await rt.stop();
  });
  return {
    get ctx() {
      return ctx;
    },
    get rt() {
      return rt;
    },
    async open(id) {
      const s = rt.device(id);
      const c = await NetipTestClient.open(s.ip, s.device.ports.tcp);
      clients.push(c);
      return c;
    },
  };
}
