import onvif from 'onvif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab';
import { isOnvifManifestDevice, labAdminCredentials, labManifestDevice } from '../manifest';

// agsh's Discovery binds 0.0.0.0 and sends on the default route: only safe inside the namespace.
describe.skipIf(process.env.CUSTODIAN_IN_NETNS !== '1')(
  'interop with the npm package onvif (agsh 0.8.3)',
  () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await startLab({ fleet: 'onvif-5', loopbackOnly: true, firstAddress: '127.0.3.1' });
    });
    afterAll(() => lab.stop());

    it('discovers every lab device', async () => {
      const cams = await new Promise<unknown[]>((resolve, reject) =>
        onvif.Discovery.probe({ timeout: 1500, resolve: false }, (err, found) =>
          err ? reject(err as Error) : resolve(found),
        ),
      );
      const endpoints = new Set(
        cams.map(
          (c) =>
            (c as { probeMatches: { probeMatch: { endpointReference: { address: string } } } })
              .probeMatches.probeMatch.endpointReference.address,
        ),
      );
      for (const d of lab.manifest.devices.filter(isOnvifManifestDevice))
        expect(endpoints).toContain(d.endpoint);
    });

    it('connects with WS-Security and reads GetDeviceInformation', async () => {
      const device = labManifestDevice(lab.manifest, { vendor: 'HiLook' });
      const creds = labAdminCredentials(device)!;
      const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
        new onvif.Cam(
          { hostname: device.ip, port: device.ports.http, ...creds, timeout: 5000 },
          function (err) {
            if (err) return reject(err);
            this.getDeviceInformation((e, i) => (e ? reject(e) : resolve(i)));
          },
        );
      });
      expect(info).toMatchObject({
        manufacturer: device.manufacturer,
        model: device.model,
        serialNumber: device.serial,
      });
    });
  },
);
