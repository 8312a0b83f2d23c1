import { describe, expect, it } from 'vitest';
import { resolveFleet, planAddressing } from '../fleet/addressing';
import { presetFleet } from '../fleet/presets';
import { isOnvifLabDevice } from '../fleet/spec';
import { OnvifDeviceState } from './device-state';
import { scopesMatch } from './scopes';
import {
  buildBye,
  buildHello,
  buildProbeMatches,
  parseProbe,
  probeMatchesDevice,
} from './wsd-messages';
import { child, parseXml, textOf } from './xml';

const [device] = resolveFleet(
  presetFleet('onvif-5').devices,
  planAddressing({ platform: 'linux', mayBindLowPorts: true }),
).filter(isOnvifLabDevice);
const state = new OnvifDeviceState(device!, 1);

/** A probe as agsh/onvif 0.8.3 sends it (default namespaces, `dn:` type). */
function probe(types: string | null, id = 'urn:uuid:11111111-2222-3333-4444-555555555555'): string {
  return (
    '<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    `<Header><wsa:MessageID xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">${id}</wsa:MessageID></Header>` +
    '<Body><Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery">' +
    (types === null ? '' : `<Types>${types}</Types>`) +
    '<Scopes /></Probe></Body></Envelope>'
  );
}

describe('parseProbe and the Types filter', () => {
  it.each([
    ['dn:NetworkVideoTransmitter'],
    ['tds:Device'],
    ['dn:NetworkVideoTransmitter tds:Device'],
    [null],
  ])('answers Types %s', (types) => {
    const p = parseProbe(probe(types));
    expect(p?.messageId).toBe('urn:uuid:11111111-2222-3333-4444-555555555555');
    expect(probeMatchesDevice(p!, state)).toBe(true);
  });

  it('ignores other types', () => {
    expect(probeMatchesDevice(parseProbe(probe('dn:NetworkVideoDisplay'))!, state)).toBe(false);
    // Windows WSD probes for the devprof wsdp:Device: same local name, different namespace.
    const windows = probe('wsdp:Device').replace(
      '<Envelope ',
      '<Envelope xmlns:wsdp="http://schemas.xmlsoap.org/ws/2006/02/devprof" ',
    );
    expect(probeMatchesDevice(parseProbe(windows)!, state)).toBe(false);
  });

  it('returns null for garbage, DOCTYPE, a Hello, or a probe without MessageID', () => {
    expect(parseProbe('garbage <<<')).toBeNull();
    expect(parseProbe(Buffer.from([0xff, 0x00, 0x13]))).toBeNull();
    expect(parseProbe('<!DOCTYPE x [<!ENTITY a "b">]>' + probe(null))).toBeNull();
    expect(parseProbe(buildHello(state))).toBeNull();
    expect(parseProbe(probe(null, ''))).toBeNull();
  });
});

describe('ProbeMatches, Hello and Bye', () => {
  it('echo the probe MessageID in RelatesTo and carry a fresh MessageID', () => {
    const xml = buildProbeMatches(state, 'urn:uuid:abc');
    const env = child(parseXml(xml), 'Envelope');
    const header = child(env, 'Header');
    expect(textOf(child(header, 'RelatesTo'))).toBe('urn:uuid:abc');
    expect(textOf(child(header, 'MessageID'))).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const match = child(child(child(env, 'Body'), 'ProbeMatches'), 'ProbeMatch');
    expect(textOf(child(child(match, 'EndpointReference'), 'Address'))).toBe(device!.endpoint);
    expect(textOf(child(match, 'Types'))).toBe('dn:NetworkVideoTransmitter tds:Device');
    expect(textOf(child(match, 'XAddrs'))).toBe(`http://${device!.ip}:80/onvif/device_service`);
    const scopes = textOf(child(match, 'Scopes'))!.split(' ');
    expect(scopes).toContain('onvif://www.onvif.org/Profile/Q/FactoryDefault');
    expect(scopes).toContain(`onvif://www.onvif.org/MacAddress/${device!.mac}`);
    expect(
      scopes.some((s) => s.startsWith('onvif://www.onvif.org/name/') && s.includes('%20')),
    ).toBe(true);
  });

  it('use the 2005/04 discovery and 2004/08 addressing namespaces', () => {
    for (const xml of [buildProbeMatches(state, 'x'), buildHello(state), buildBye(state)]) {
      expect(xml).toContain('xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"');
      expect(xml).toContain('xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"');
      expect(xml).toContain('<d:AppSequence InstanceId="1" MessageNumber="');
    }
  });
});

describe('rfc3986 scope matching', () => {
  const own = ['onvif://www.onvif.org/Profile/Q/Operational', 'onvif://www.onvif.org/hardware/X1'];
  it('matches by whole path segments', () => {
    expect(scopesMatch(['onvif://www.onvif.org/Profile'], own)).toBe(true);
    expect(scopesMatch(['ONVIF://WWW.ONVIF.ORG/hardware/X1'], own)).toBe(true);
    expect(scopesMatch(['onvif://www.onvif.org/Prof'], own)).toBe(false);
    expect(
      scopesMatch(['onvif://www.onvif.org/hardware/X1'], own, 'http://example.com/strcmp'),
    ).toBe(false);
  });
});
