import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, mimeTypeFor, resolveAppFile, responseHeaders } from './app-files';

const root = path.resolve('/srv/custodian/out/renderer');
const inRoot = (...p: string[]) => path.join(root, ...p);

describe('resolveAppFile', () => {
  it('serves index.html for the root and for client-side routes', () => {
    expect(resolveAppFile(root, 'app://custodian/')).toBe(inRoot('index.html'));
    expect(resolveAppFile(root, 'app://custodian')).toBe(inRoot('index.html'));
    expect(resolveAppFile(root, 'app://custodian/devices/abc')).toBe(inRoot('index.html'));
    expect(resolveAppFile(root, 'app://custodian/?lang=ru#/x')).toBe(inRoot('index.html'));
  });

  it('maps asset URLs inside the root, decoding escapes once', () => {
    expect(resolveAppFile(root, 'app://custodian/assets/index-abc.js')).toBe(
      inRoot('assets', 'index-abc.js'),
    );
    expect(resolveAppFile(root, 'app://custodian/assets/a%20b.css?v=1')).toBe(
      inRoot('assets', 'a b.css'),
    );
    expect(resolveAppFile(root, 'APP://Custodian/index.html')).toBe(inRoot('index.html'));
  });

  it.each([
    'app://custodian/../../etc/passwd',
    'app://custodian/assets/../../secret.txt',
    'app://custodian/./index.html',
    'app://custodian/%2e%2e/%2e%2e/etc/passwd',
    'app://custodian/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'app://custodian/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://custodian/..%5c..%5cwindows%5cwin.ini',
    'app://custodian/assets\\..\\..\\x.js',
    'app://custodian//etc/passwd',
    'app://custodian/%2fetc/passwd',
    'app://custodian/C:/Windows/win.ini',
    'app://custodian/C%3A%5CWindows%5Cwin.ini',
    'app://custodian/index.html%00.png',
    'app://custodian/index.html\0.png',
    'app://custodian/.env',
    'app://custodian/assets/.git/config',
    'app://custodian/index.html::$DATA',
    'app://custodian/%E0%A4%A',
    'app://custodian.evil/index.html',
    'app://custodian:99/index.html',
    'app://other/index.html',
    'file:///etc/passwd',
    'https://custodian/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it('refuses a relative root', () => {
    expect(resolveAppFile('out/renderer', 'app://custodian/index.html')).toBeNull();
  });
});

describe('responses', () => {
  it('labels types correctly', () => {
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('a.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream');
  });

  it('sends the strict CSP and nosniff with every file', () => {
    const h = responseHeaders('x.js');
    expect(h['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });
});
