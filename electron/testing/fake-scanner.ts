/**
 * An in-memory ProtocolScanner for engine and transport tests: it "sees" the devices it is given
 * on every interface, spread over the sweep, with no socket at all.
 */
import type { DiscoveryProtocol, InterfaceScanReport } from '../shared/dto';
import type { DeviceFacts, ProtocolScanner, SweepOptions } from '../core/discovery/types';

export interface FakeDevice {
  address: string;
  facts: DeviceFacts;
}

export class FakeScanner implements ProtocolScanner {
  sweeps = 0;

  constructor(
    private readonly devices: FakeDevice[],
    private readonly replyAfterMs = 10,
    /** The protocol it poses as (a WS-Discovery scanner unless told otherwise). */
    readonly protocol: DiscoveryProtocol = 'wsd',
  ) {}

  async sweep(o: SweepOptions): Promise<InterfaceScanReport[]> {
    this.sweeps++;
    const timers: NodeJS.Timeout[] = [];
    for (const iface of o.interfaces) {
      this.devices.forEach((d, i) => {
        timers.push(
          setTimeout(
            () =>
              o.onSighting({
                protocol: this.protocol,
                iface,
                address: d.address,
                port: 3702,
                at: new Date(),
                facts: d.facts,
                raw: Buffer.from('<fake/>'),
              }),
            this.replyAfterMs * (i + 1),
          ),
        );
      });
    }
    await new Promise<void>((resolve) => {
      const end = setTimeout(resolve, o.durationMs);
      o.signal.addEventListener('abort', () => {
        clearTimeout(end);
        resolve();
      });
    });
    timers.forEach(clearTimeout);
    return o.interfaces.map((i) => ({
      name: i.name,
      address: i.address,
      ok: true,
      probesSent: 1,
      replies: this.devices.length,
    }));
  }
}

export const SAMPLE_DEVICES: FakeDevice[] = [
  {
    address: '127.0.1.1',
    facts: {
      family: 'onvif',
      endpoint: 'urn:uuid:11111111-2222-4333-8444-000000000001',
      model: 'IPC-A1',
      serial: 'SN0001',
      mac: '00:11:22:33:44:01',
      xaddrs: ['http://127.0.1.1/onvif/device_service'],
      profileQ: 'operational',
    },
  },
  {
    address: '127.0.1.2',
    facts: {
      family: 'onvif',
      endpoint: 'urn:uuid:11111111-2222-4333-8444-000000000002',
      model: 'IPC-B2',
      serial: 'SN0002',
      xaddrs: ['http://127.0.1.2/onvif/device_service'],
      profileQ: 'factoryDefault',
    },
  },
];
