/**
 * The real Hello/Bye listener: a tiny sender bound to 127.0.122.5 multicasts a Hello and a Bye
 * (with an endpoint of its own, so other tests' announcements cannot flip it) to the group
 * through loopback. Multicast only inside the private network namespace.
 */
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInterfaces } from '../net/interfaces';
import { PresenceTracker, type PresenceChange } from './presence';
import { WSD_MULTICAST_ADDRESS, WSD_PORT } from './wsd/namespaces';
import { loadFixture } from './wsd/test-support';

const SENDER = '127.0.122.5';
const FIXTURE_UUID = 'e3b0c442-98fc-1c14-9afb-3c8e5a0b1d2f';

describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')(
  'PresenceTracker on loopback (netns)',
  () => {
    let sender: dgram.Socket;
    const uuid = randomUUID();
    const announce = (name: 'hello.xml' | 'bye.xml') =>
      new Promise<void>((resolve) => {
        const xml = loadFixture(name).toString().replaceAll(FIXTURE_UUID, uuid);
        sender.send(Buffer.from(xml), WSD_PORT, WSD_MULTICAST_ADDRESS, () => resolve());
      });

    beforeAll(async () => {
      sender = dgram.createSocket('udp4');
      await new Promise<void>((r) => sender.bind(0, SENDER, r));
      sender.setMulticastInterface('127.0.0.1');
      sender.setMulticastTTL(1);
    });
    afterAll(() => sender?.close());

    it('hears Hello and Bye on the group and reports online then offline', async () => {
      const interfaces = resolveInterfaces(undefined, { loopbackOnly: true });
      const tracker = new PresenceTracker({ sweep: async () => [] });
      const ours: PresenceChange[] = [];
      const both = new Promise<void>((resolve) =>
        tracker.onChange((c) => {
          if (c.key !== `endpoint:urn:uuid:${uuid}`) return;
          ours.push(c);
          if (ours.length === 2) resolve();
        }),
      );
      await tracker.start(interfaces, 60_000);
      try {
        await announce('hello.xml');
        await new Promise((r) => setTimeout(r, 100));
        await announce('bye.xml');
        await Promise.race([both, new Promise((r) => setTimeout(r, 3000))]);
      } finally {
        await tracker.stop();
      }
      expect(ours.map((c) => [c.state, c.reason])).toEqual([
        ['online', 'hello'],
        ['offline', 'bye'],
      ]);
      expect(ours[0]!.sighting).toMatchObject({ protocol: 'wsd', address: SENDER });
    });
  },
);
