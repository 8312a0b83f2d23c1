/** Test fleets: a few Dahua-family devices in a caller-chosen 127.x range, HTTP on any free port. */
import type { DahuaLabDevice } from '../device';

/** The admin password the fixtures give initialized devices (a lab fixture, not a secret). */
export const FIXTURE_PASSWORD = 'Fixture-Pass-2468';

/**
 * Three devices from `base` (e.g. '127.0.80'): .1 an initialized SCS Pro recorder with e-mail and
 * questions and two cameras, .2 an initialized Dahua camera (the recorder's first camera), .3 a
 * factory-fresh Amcrest camera.
 */
export function testFleet(base: string): DahuaLabDevice[] {
  const ports = () => ({ http: 0, dhip: 37810, tcp: 37777 });
  const common = { family: 'dahua' as const, manufacturer: 'Dahua', hardwareId: '1.00' };
  return [
    {
      ...common,
      id: 'dh-nvr',
      vendor: 'SCS Pro',
      model: 'NVR5216-16P-4KS2E',
      kind: 'recorder',
      serial: '7M0ABCDPAZ59CE6',
      mac: '38:af:29:00:80:01',
      firmware: '4.001.0000000.3.R',
      ip: `${base}.1`,
      ports: ports(),
      account: {
        initialized: true,
        adminPassword: FIXTURE_PASSWORD,
        email: 'owner@example.com',
        questions: [{ question: 'What is your dream job?', answer: 'pilot' }],
      },
      nvr: {
        cameras: [
          { ip: `${base}.2`, serial: '4H01D66PAJ2FA64', password: FIXTURE_PASSWORD },
          { ip: '127.0.99.9', serial: '5K02E77QBK3GB75', password: FIXTURE_PASSWORD },
        ],
      },
    },
    {
      ...common,
      id: 'dh-cam',
      vendor: 'Dahua',
      model: 'IPC-HDW5421S',
      kind: 'camera',
      serial: '4H01D66PAJ2FA64',
      mac: '38:af:29:00:80:02',
      firmware: '2.800.0000000.3.R',
      ip: `${base}.2`,
      ports: ports(),
      account: { initialized: true, adminPassword: FIXTURE_PASSWORD },
    },
    {
      ...common,
      id: 'dh-new',
      vendor: 'Amcrest',
      model: 'IP8M-2496EB',
      kind: 'camera',
      serial: '9J03F88RCL4HC86',
      mac: '9c:8e:cd:00:80:03',
      firmware: '2.800.0000016.0.R',
      ip: `${base}.3`,
      ports: ports(),
      account: { initialized: false },
    },
  ];
}
