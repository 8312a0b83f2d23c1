import { describe, expect, it } from 'vitest';
import { decidePermission, GRANTED_PERMISSIONS } from './permissions';

const prod = {};
const dev = { devUrl: 'http://localhost:5173/' };
const own = 'app://custodian/index.html';

describe('decidePermission', () => {
  it('grants sanitized clipboard writes to our own top frame (the copy buttons)', () => {
    expect(
      decidePermission(
        {
          permission: 'clipboard-sanitized-write',
          requestingUrl: own,
          isMainFrame: true,
          pageUrl: own,
        },
        prod,
      ),
    ).toBe(true);
    // Permission checks carry the origin only, and sometimes no frame or page.
    expect(
      decidePermission(
        { permission: 'clipboard-sanitized-write', requestingUrl: 'app://custodian' },
        prod,
      ),
    ).toBe(true);
    expect(
      decidePermission(
        {
          permission: 'clipboard-sanitized-write',
          requestingUrl: 'http://localhost:5173/#/devices',
          isMainFrame: true,
        },
        dev,
      ),
    ).toBe(true);
  });

  it.each([
    'clipboard-read',
    'deprecated-sync-clipboard-read',
    'media',
    'geolocation',
    'notifications',
    'hid',
    'serial',
    'usb',
    'openExternal',
    'fullscreen',
    'local-network-access',
    'unknown',
  ])('denies %s even to our own origin', (permission) => {
    expect(
      decidePermission({ permission, requestingUrl: own, isMainFrame: true, pageUrl: own }, prod),
    ).toBe(false);
  });

  it('denies clipboard writes to anyone else', () => {
    const ask = (over: Partial<Parameters<typeof decidePermission>[0]>) =>
      decidePermission(
        {
          permission: 'clipboard-sanitized-write',
          requestingUrl: own,
          isMainFrame: true,
          pageUrl: own,
          ...over,
        },
        prod,
      );
    expect(ask({ isMainFrame: false })).toBe(false); // an injected iframe
    expect(ask({ requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(ask({ requestingUrl: 'app://custodian@evil/' })).toBe(false);
    expect(ask({ requestingUrl: 'app://custodian.evil/' })).toBe(false);
    expect(ask({ requestingUrl: 'file:///etc/passwd' })).toBe(false);
    expect(ask({ requestingUrl: '' })).toBe(false);
    expect(ask({ pageUrl: 'https://evil.example/' })).toBe(false); // our origin framed elsewhere
    // The dev server counts only when configured for this run.
    expect(ask({ requestingUrl: 'http://localhost:5173/', pageUrl: undefined })).toBe(false);
  });

  it('grants nothing but the sanitized clipboard write', () => {
    expect([...GRANTED_PERMISSIONS]).toEqual(['clipboard-sanitized-write']);
  });
});
