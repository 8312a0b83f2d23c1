import { describe, expect, it } from 'vitest';
import { CustodianError } from '../shared/errors';
import type { RawSighting } from './discovery/types';
import { decodeWsdMessage } from './discovery/wsd/codec';
import { factsFromMatch } from './discovery/wsd/facts';
import { loadFixture, type FixtureName } from './discovery/wsd/test-support';
import { identifyOnvifDevice, identityFromScopes, type ReadDeviceInformation } from './identify';

const S = 'onvif://www.onvif.org/';
const SOURCE = '192.168.1.64';

/** The sighting the WS-Discovery scanner makes of a ProbeMatches reply. */
function sightingFrom(xml: Buffer | string): RawSighting {
  const msg = decodeWsdMessage(xml);
  if (msg.kind !== 'probeMatches') throw new Error(`not a ProbeMatches: ${msg.kind}`);
  return {
    protocol: 'wsd',
    iface: {
      name: 'eth0',
      address: '192.168.1.10',
      netmask: '255.255.255.0',
      mac: null,
      internal: false,
    },
    address: SOURCE,
    port: 3702,
    at: new Date(0),
    facts: factsFromMatch(msg.matches[0]!, SOURCE),
    raw: Buffer.from(xml),
  };
}

/**
 * The Hikvision-shaped capture with its Scopes swapped for what an Atix AT-NVR recorder announces
 * (Profile Q operational, recorder types, `hardware` = model, `name` = brand + model), the way the
 * lab's Atix members answer a Probe. No public Atix capture exists (oem-map.md §2.1).
 */
function atixProbeMatch(): string {
  const scopes = [
    'Profile/Streaming',
    'Profile/Q/Operational',
    'type/Network_Video_Transmitter',
    'type/Network_Video_Recorder',
    'hardware/AT-NVR-1108',
    'name/Atix%20AT-NVR-1108',
    'MacAddress/02:48:53:1a:2b:3c',
    'SerialNumber/N1A20123456789',
  ]
    .map((s) => S + s)
    .join(' ');
  const xml = loadFixture('probe-matches-hikvision.xml').toString('utf8');
  const out = xml.replace(/(<(?:[\w.-]+:)?Scopes\b[^>]*>)[^<]*(<\/)/, `$1${scopes}$2`);
  if (out === xml) throw new Error('fixture has no Scopes element to replace');
  return out;
}

const refuses: ReadDeviceInformation = async () => {
  throw new CustodianError('DEVICE_AUTH_REQUIRED');
};
const recorder = (): { calls: string[]; read: ReadDeviceInformation } => {
  const calls: string[] = [];
  return {
    calls,
    read: async (xaddr) => {
      calls.push(xaddr);
      throw new CustodianError('DEVICE_AUTH_REQUIRED');
    },
  };
};

describe('identifyOnvifDevice when the device asks for credentials', () => {
  it('names an Atix recorder from its scopes instead of leaving it "ONVIF" (regression)', async () => {
    const sighting = sightingFrom(atixProbeMatch());
    // Discovery alone cannot name the vendor: Atix is no brand the name-scope rule knows.
    expect(sighting.facts.vendor).toBeUndefined();
    const probe = recorder();
    const result = await identifyOnvifDevice(sighting, probe.read);
    expect(probe.calls).toEqual([sighting.facts.xaddrs![0]]); // asked once, anonymously
    expect(result).toEqual({
      facts: { vendor: 'Atix', model: 'AT-NVR-1108' },
      identity: 'scopes',
      needsCredentials: true,
    });
  });

  it('marks the Hikvision capture as identified from scopes', async () => {
    const result = await identifyOnvifDevice(
      sightingFrom(loadFixture('probe-matches-hikvision.xml')),
      refuses,
    );
    expect(result).toEqual({
      facts: { vendor: 'Hikvision', model: 'DS-2CD2143G2-I' },
      identity: 'scopes',
      needsCredentials: true,
    });
  });

  it.each<[FixtureName, string]>([
    ['probe-matches-mockup.xml', 'HD_PREDATOR'], // name/PREDATOR is no brand
    ['probe-matches-2009.xml', 'IPC-3MP'], // name/IPCAM is no brand
  ])(
    '%s: a name that is no brand gives no vendor, only the hardware model',
    async (file, model) => {
      const result = await identifyOnvifDevice(sightingFrom(loadFixture(file)), refuses);
      expect(result).toEqual({ facts: { model }, identity: 'discovery', needsCredentials: true });
    },
  );
});

describe('identifyOnvifDevice otherwise', () => {
  it("takes the device's own answer when it gives one", async () => {
    const result = await identifyOnvifDevice(sightingFrom(atixProbeMatch()), async () => ({
      manufacturer: 'Atix',
      model: 'AT-NVR-1108',
      firmwareVersion: 'V8.2.3.1-20240110',
      serialNumber: 'N1A20123456789',
      hardwareId: 'NVR-1108-V1.0',
    }));
    expect(result).toMatchObject({ identity: 'device', needsCredentials: false });
    expect(result!.facts).toMatchObject({ vendor: 'Atix', serial: 'N1A20123456789' });
  });

  it('gives up quietly when the device does not answer, and never asks non-ONVIF sightings', async () => {
    const sighting = sightingFrom(atixProbeMatch());
    const silent: ReadDeviceInformation = async () => {
      throw new CustodianError('DEVICE_UNREACHABLE');
    };
    expect(await identifyOnvifDevice(sighting, silent)).toBeNull();
    const probe = recorder();
    expect(await identifyOnvifDevice({ ...sighting, protocol: 'sadp' }, probe.read)).toBeNull();
    expect(
      await identifyOnvifDevice(
        { ...sighting, facts: { ...sighting.facts, xaddrs: [] } },
        probe.read,
      ),
    ).toBeNull();
    expect(probe.calls).toEqual([]);
  });
});

describe('identityFromScopes', () => {
  it('takes the brand from the name and the model from hardware', () => {
    expect(
      identityFromScopes([`${S}hardware/HS-IPC-4036`, `${S}name/BitVision%20HS-IPC-4036`]),
    ).toEqual({
      vendor: 'BitVision',
      model: 'HS-IPC-4036',
    });
    expect(identityFromScopes([`${S}Name/HIKVISION%20DS-7608NI-K2`])).toEqual({
      vendor: 'Hikvision',
      model: 'DS-7608NI-K2',
    });
    expect(identityFromScopes([`${S}name/Atix_AT-NVR-2116`])).toEqual({
      vendor: 'Atix',
      model: 'AT-NVR-2116',
    });
  });

  it('does not take an arbitrary first word of a user-editable name as a vendor', () => {
    expect(identityFromScopes([`${S}name/Warehouse%20gate`])).toEqual({});
    expect(identityFromScopes([`${S}name/Atixlike%20box`, `${S}hardware/X1`])).toEqual({
      model: 'X1',
    });
    expect(identityFromScopes([`${S}name/Atix`])).toEqual({ vendor: 'Atix' });
    expect(identityFromScopes(['http://example.com/name/Atix', `${S}location/`])).toEqual({});
    expect(identityFromScopes([])).toEqual({});
  });
});
