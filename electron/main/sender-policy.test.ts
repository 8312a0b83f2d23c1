import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAllowedNavigation, isOwnUrl, judgeSender } from './sender-policy';

const prod = {};
const dev = { devUrl: 'http://localhost:5173' };
const top = (url: string) => ({ fromKnownWindow: true, frame: { url, isTop: true } });

describe('judgeSender', () => {
  it('accepts the main frame of a known window on our app:// origin', () => {
    expect(judgeSender(top(APP_ENTRY_URL), prod)).toEqual({ allowed: true });
    expect(judgeSender(top('app://custodian/#/devices/x'), prod).allowed).toBe(true);
    expect(judgeSender(top('APP://CUSTODIAN/index.html'), prod).allowed).toBe(true);
  });

  it('accepts the dev server origin only when one is configured', () => {
    expect(judgeSender(top('http://localhost:5173/'), dev).allowed).toBe(true);
    expect(judgeSender(top('http://localhost:5173/'), prod)).toEqual({
      allowed: false,
      reason: 'foreign-origin',
    });
    expect(judgeSender(top('http://localhost:5174/'), dev).allowed).toBe(false);
  });

  it('rejects a subframe even on our origin', () => {
    const facts = { fromKnownWindow: true, frame: { url: APP_ENTRY_URL, isTop: false } };
    expect(judgeSender(facts, prod)).toEqual({ allowed: false, reason: 'subframe' });
  });

  it('rejects a window we did not create', () => {
    const facts = { fromKnownWindow: false, frame: { url: APP_ENTRY_URL, isTop: true } };
    expect(judgeSender(facts, prod)).toEqual({ allowed: false, reason: 'unknown-window' });
  });

  it('rejects a destroyed or navigated-away frame', () => {
    expect(judgeSender({ fromKnownWindow: true, frame: null }, prod)).toEqual({
      allowed: false,
      reason: 'no-frame',
    });
  });

  it.each([
    'file:///C:/Users/x/index.html',
    'file:///home/x/out/renderer/index.html',
    'http://evil.example/',
    'https://evil.example/app://custodian/',
    'devtools://devtools/bundled/devtools_app.html',
    'chrome-extension://abc/index.html',
    'app://custodian.evil/index.html',
    'app://evil/index.html',
    'app://custodian:8080/index.html',
    'app://custodian@evil/index.html',
    'app://user:pw@custodian/index.html',
    'about:blank',
    'data:text/html,<script>1</script>',
    '',
    'not a url',
  ])('rejects a top frame showing %s', (url) => {
    expect(judgeSender(top(url), dev).allowed).toBe(false);
  });
});

describe('navigation policy', () => {
  it('allows our own pages only', () => {
    expect(isAllowedNavigation('app://custodian/index.html#/x', prod)).toBe(true);
    expect(isAllowedNavigation('https://example.com/', prod)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/x', dev)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/x', prod)).toBe(false);
  });

  it('ignores a dev URL that is not http(s)', () => {
    expect(isOwnUrl('file:///tmp/x', { devUrl: 'file:///tmp/' })).toBe(false);
  });
});
