import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HikDeviceState } from './device-state';
import { buildHello, buildProbeMatch, parseProbe } from './sadp-messages';
import { hikDevice } from './testing/devices';
import { fakeContext } from './testing/fake-context';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Element names in document order and a coarse type of each text: int, bool, or text. */
function shape(xml: string): [string, string][] {
  return [...xml.matchAll(/<([A-Za-z0-9]+)>([^<]*)<\/\1>/g)].map(([, name, text]) => [
    name!,
    /^\d+$/.test(text!) ? 'int' : /^(true|false|flase)$/.test(text!) ? 'bool' : 'text',
  ]);
}

describe('SADP ProbeMatch', () => {
  const state = new HikDeviceState(hikDevice('127.0.72', 1), fakeContext());

  it('has the V5.5.6 capture element names, order and types', () => {
    const ours = buildProbeMatch(state, '7621A503-49E6-4FBA-B3F8-CBE1F18E55F4');
    expect(shape(ours)).toEqual(shape(fixture('probematch-ds-2cd2320d-v556.xml')));
    expect(
      ours.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ProbeMatch><Uuid>7621A503'),
    ).toBe(true);
  });

  it('prints identity the way the capture does', () => {
    const xml = buildProbeMatch(state, 'U');
    expect(xml).toContain('<MAC>44-47-cc-37-ce-01</MAC>');
    expect(xml).toContain('<SoftwareVersion>V5.7.14build 231028</SoftwareVersion>');
    expect(xml).toMatch(/<BootTime>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d<\/BootTime>/);
    expect(xml).toMatch(/<Salt>[0-9a-f]{64}<\/Salt>/);
    expect(xml).toContain('<HCPlatformEnable>flase</HCPlatformEnable>');
  });

  it('Hello carries the same fields without a Uuid', () => {
    const hello = buildHello(state);
    expect(hello).toContain('<Hello><Types>hello</Types>');
    expect(hello).not.toContain('<Uuid>');
    expect(shape(hello).slice(1)).toEqual(shape(buildProbeMatch(state, 'U')).slice(2));
  });
});

describe('SADP Probe parsing', () => {
  it('reads the captured SADPTool inquiry and update requests', () => {
    expect(parseProbe(Buffer.from(fixture('probe-sadptool-sergei.xml')))).toMatchObject({
      uuid: '13A888A9-F1B1-4020-AE9F-05607682D23B',
      types: 'inquiry',
    });
    const update = parseProbe(Buffer.from(fixture('update-sky.xml')))!;
    expect(update).toMatchObject({ types: 'update', mac: '18-68-cb-aa-bb-cc', salted: false });
    expect(update.fields.Password).toBe('X03MO1qnZdYdgyfeuILPmQ==');
    expect(update.fields.IPv4SubnetMask).toBe('255.255.0.0');
  });

  it('stays silent on junk, DOCTYPE and Probes without a Uuid', () => {
    for (const junk of [
      Buffer.from([0, 1, 255]),
      '<!DOCTYPE x [<!ENTITY a "b">]><Probe><Uuid>&a;</Uuid><Types>inquiry</Types></Probe>',
      '<Probe><Types>inquiry</Types></Probe>',
      '<ProbeMatch><Uuid>U</Uuid><Types>inquiry</Types></ProbeMatch>',
    ]) {
      expect(parseProbe(Buffer.from(junk))).toBeNull();
    }
  });
});
