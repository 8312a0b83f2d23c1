/**
 * The lab and the client codecs are pinned to the same captured fixtures: every reply the lab
 * writes must use only element paths (names, namespaces, nesting) the matching fixture has, and
 * where the fixture is a full device reply the two path sets must be equal. So lab and client
 * cannot drift together.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planAddressing, resolveFleet } from '../fleet/addressing';
import { presetFleet } from '../fleet/presets';
import { isOnvifLabDevice } from '../fleet/spec';
import { OnvifDeviceState } from './device-state';
import * as r from './device-responses';
import { actionNotSupported, notAuthorized, soapEnvelope } from './soap';
import { buildBye, buildHello, buildProbeMatches } from './wsd-messages';
import { elementPaths, missingFrom } from './xml-paths';

const root = (p: string) => fileURLToPath(new URL(`../../electron/core/${p}`, import.meta.url));
const WSD = root('discovery/wsd/fixtures/');
const ONVIF = root('vendors/onvif/fixtures/');

const [device] = resolveFleet(
  presetFleet('onvif-5').devices,
  planAddressing({ platform: 'linux', mayBindLowPorts: true }),
).filter(isOnvifLabDevice);
const state = new OnvifDeviceState(device!, 1);

/** [fixture, what the lab writes for it, whether the structures must be equal (not just a subset)]. */
const CASES: [string, () => string, boolean][] = [
  [WSD + 'probe-matches-hikvision.xml', () => buildProbeMatches(state, 'urn:uuid:x'), true],
  [WSD + 'hello.xml', () => buildHello(state), true],
  [WSD + 'bye.xml', () => buildBye(state), true],
  [
    ONVIF + 'GetDeviceInformation.hikvision.xml',
    () => soapEnvelope(r.deviceInformation(state)),
    true,
  ],
  [ONVIF + 'GetSystemDateAndTime.xml', () => soapEnvelope(r.systemDateAndTime(new Date())), true],
  [ONVIF + 'GetScopes.xml', () => soapEnvelope(r.scopes(state)), true],
  // The fixture lists three users; this factory-default device has none, so only a subset.
  [ONVIF + 'GetUsers.xml', () => soapEnvelope(r.users(state)), false],
  // The capture also has Link and IPv6; the lab reports the IPv4 config only.
  [ONVIF + 'GetNetworkInterfaces.xml', () => soapEnvelope(r.networkInterfaces(state)), false],
  // The captures add env:Detail and a second subcode level.
  [ONVIF + 'Fault.NotAuthorized.xml', () => notAuthorized().toXml(), false],
  [ONVIF + 'Fault.ActionNotSupported.xml', () => actionNotSupported('SystemReboot').toXml(), false],
];

const present = CASES.filter(([file]) => existsSync(file));

describe.skipIf(present.length === 0)('lab replies conform to the client fixtures', () => {
  it.each(
    present.map(
      ([file, build, equal]) => [file.split('/fixtures/')[1]!, file, build, equal] as const,
    ),
  )('%s', (_name, file, build, equal) => {
    const fixture = elementPaths(readFileSync(file, 'utf8'));
    const lab = elementPaths(build());
    expect(missingFrom(lab, fixture)).toEqual([]);
    if (equal) expect(missingFrom(fixture, lab)).toEqual([]);
  });
});
