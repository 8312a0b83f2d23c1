/**
 * Hostile and broken replies: every decoder either returns or throws DEVICE_BAD_REPLY, and the
 * status reader never throws at all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustodianError } from '../../../shared/errors';
import * as codec from './codec';
import { decodeIsapiStatus } from './status';
import { fixture } from './test-device';

const DECODERS = [
  codec.decodeActivateStatus,
  codec.decodeDeviceInfo,
  codec.decodeSecurityCapabilities,
  codec.decodeExternSecurityCapabilities,
];
const FILES = [
  'activate-status.inactive.xml',
  'device-info.ipc.xml',
  'security-capabilities.xml',
  'extern-capabilities.xml',
  'response-status.bad-authorization.json',
  'user-check.locked.xml',
];

function safely(body: string | Uint8Array): void {
  decodeIsapiStatus(body); // a throw fails the property
  for (const decode of DECODERS) {
    try {
      decode(body);
    } catch (err) {
      expect(err).toBeInstanceOf(CustodianError);
      expect((err as CustodianError).code).toBe('DEVICE_BAD_REPLY');
    }
  }
}

describe('ISAPI decoders under fuzzing', () => {
  it('survive random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1024 }), (bytes) => safely(bytes)),
      { numRuns: 200 },
    );
  });

  it('survive any cut or single-byte corruption of a fixture', () => {
    for (const name of FILES) {
      const bytes = Buffer.from(fixture(name));
      fc.assert(
        fc.property(fc.nat(bytes.length), fc.nat(bytes.length - 1), fc.nat(255), (cut, at, v) => {
          safely(bytes.subarray(0, cut));
          const copy = Buffer.from(bytes);
          copy[at] = v;
          safely(copy);
        }),
        { numRuns: 50 },
      );
    }
  });
});
