/** DHIP framing and the discovery reply, checked against the bytes and fields dahua.md quotes. */
import { describe, expect, it } from 'vitest';
import { DahuaDeviceState } from './device-state';
import { buildNotifyDevInfo } from './device-info';
import { decodeDhip, encodeDhip } from './dhip-codec';
import { testFleet } from './testing/devices';

const PROBE_JSON = '{"method": "DHDiscover.search", "params": {"mac": "", "uni": 1}}';
/** dahua.md §2: the header of the 64-byte discovery probe, canonical layout. */
const PROBE_HEADER =
  '20 00 00 00 44 48 49 50 00 00 00 00 00 00 00 00 40 00 00 00 00 00 00 00 40 00 00 00 00 00 00 00';
const hex = (s: string) => Buffer.from(s.replaceAll(' ', ''), 'hex');

describe('DHIP framing', () => {
  it('reads the documented discovery probe', () => {
    expect(Buffer.byteLength(PROBE_JSON)).toBe(64);
    const frame = decodeDhip(Buffer.concat([hex(PROBE_HEADER), Buffer.from(PROBE_JSON)]));
    expect(frame).toEqual({ session: 0, id: 0, json: PROBE_JSON });
  });

  it('accepts the length written at 16, 20, 24 and 28 (S15 layout) and a trailing NUL or CRLF', () => {
    const header = hex(PROBE_HEADER);
    header.writeUInt32LE(64, 20);
    header.writeUInt32LE(64, 28);
    expect(decodeDhip(Buffer.concat([header, Buffer.from(PROBE_JSON)]))?.json).toBe(PROBE_JSON);
    const nul = Buffer.concat([hex(PROBE_HEADER), Buffer.from(PROBE_JSON.slice(0, 63) + '\0')]);
    expect(decodeDhip(nul)?.json).toBe(PROBE_JSON.slice(0, 63));
  });

  it('refuses bare JSON, the "PIHD" magic, a short datagram and a length past the end', () => {
    expect(decodeDhip(Buffer.from(PROBE_JSON))).toBeNull();
    const pihd = Buffer.concat([hex(PROBE_HEADER), Buffer.from(PROBE_JSON)]);
    pihd.write('PIHD', 4, 'ascii');
    expect(decodeDhip(pihd)).toBeNull();
    expect(decodeDhip(hex(PROBE_HEADER))).toBeNull();
    const long = hex(PROBE_HEADER);
    long.writeUInt32LE(500, 16);
    expect(decodeDhip(Buffer.concat([long, Buffer.from(PROBE_JSON)]))).toBeNull();
  });

  it('frames a reply like the captured TCP frame (S17b): session, id, len counting the \\n', () => {
    // The capture: session 0x7ffffe62, id 2, a 287-byte JSON body plus "\n" (len 0x120).
    const captured = hex(
      '20 00 00 00 44 48 49 50 62 fe ff 7f 02 00 00 00 20 01 00 00 00 00 00 00 20 01 00 00 00 00 00 00',
    );
    const prefix = '{"error":{"code":268632079,"message":"';
    const body = prefix + 'x'.repeat(287 - prefix.length - 3) + '"}}';
    expect(Buffer.byteLength(body)).toBe(287);
    const frame = encodeDhip(body, 0x7ffffe62, 2);
    expect(frame.subarray(0, 32)).toEqual(captured);
    expect(frame.at(-1)).toBe(0x0a);
    expect(decodeDhip(frame)?.json).toBe(body);
  });
});

describe('client.notifyDevInfo', () => {
  const now = Date.UTC(2025, 0, 1);
  const [nvr, , fresh] = testFleet('127.0.80').map((d) => new DahuaDeviceState(d, now));

  it('has the captured shape: lower-case MAC on top, deviceInfo fields with the captured types', () => {
    const text = buildNotifyDevInfo(nvr!);
    const msg = JSON.parse(text) as {
      mac: string;
      method: string;
      params: { deviceInfo: Record<string, unknown> };
    };
    expect(Object.keys(msg).sort()).toEqual(['mac', 'method', 'params']);
    expect(msg.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(msg.method).toBe('client.notifyDevInfo');
    const info = msg.params.deviceInfo;
    const strings = [
      'DeviceClass',
      'DeviceType',
      'MachineName',
      'SerialNo',
      'Vendor',
      'Version',
      'Find',
      'DeviceID',
    ];
    const numbers = [
      'HttpPort',
      'Port',
      'Init',
      'FindVersion',
      'AlarmInputChannels',
      'VideoInputChannels',
    ];
    for (const k of strings) expect(typeof info[k], k).toBe('string');
    for (const k of numbers) expect(Number.isInteger(info[k]), k).toBe(true);
    expect(Object.keys(info.IPv4Address as object).sort()).toEqual([
      'DefaultGateway',
      'DhcpEnable',
      'IPAddress',
      'SubnetMask',
    ]);
    expect(info).toMatchObject({ DeviceClass: 'NVR', SerialNo: '7M0ABCDPAZ59CE6', Port: 37777 });
    expect((info.IPv4Address as { IPAddress: string }).IPAddress).toBe('127.0.80.1');
    // Firmware escapes "/" (captured IPv6 prefixes); JSON readers take it as "/".
    expect(text).toContain('\\/64');
  });

  it('reports Init & 3 == 1 and Find "AB" when factory-fresh, Init & 3 == 2 and the bound ways after', () => {
    const info = (s: DahuaDeviceState) => JSON.parse(buildNotifyDevInfo(s)).params.deviceInfo;
    expect(info(fresh!).Init & 3).toBe(1);
    expect(info(fresh!).Find).toBe('AB');
    expect(info(nvr!).Init & 3).toBe(2);
    expect(info(nvr!).Find).toBe('B');
  });

  it('fits the reply sizes seen in the wild (Shadowserver: 711..794 bytes) give or take', () => {
    const size = encodeDhip(buildNotifyDevInfo(nvr!)).length;
    expect(size).toBeGreaterThan(500);
    expect(size).toBeLessThan(1000);
  });
});
