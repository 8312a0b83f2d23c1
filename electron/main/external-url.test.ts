import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl, MAX_EXTERNAL_URL_LENGTH, normalizeExternalUrl } from './external-url';

describe('isSafeExternalUrl', () => {
  it.each([
    'https://example.com/',
    'http://192.168.1.64/',
    'https://www.hikvision.com/en/support/?q=sadp',
    'HTTPS://EXAMPLE.COM/path#frag',
  ])('allows %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'file:///etc/passwd',
    'file://server/share/x.exe',
    'smb://attacker/share',
    '\\\\attacker\\share',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x',
    'vscode://file/x',
    'custodian://anything',
    'data:text/html,<script>1</script>',
    'vbscript:msgbox',
    'mailto:a@example.com',
    'ftp://example.com/',
    'about:blank',
    'https://bank.example@evil.example/',
    'https://user:pw@example.com/',
    'https://example.com/\nfile:///etc/passwd',
    ' https://example.com/',
    'https://exa mple.com/',
    'http:///nohost',
    '//example.com/',
    '/relative',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('refuses non-strings and overlong URLs', () => {
    expect(isSafeExternalUrl(undefined)).toBe(false);
    expect(isSafeExternalUrl({ toString: () => 'https://example.com/' })).toBe(false);
    expect(isSafeExternalUrl(`https://example.com/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`)).toBe(
      false,
    );
  });
});

describe('normalizeExternalUrl', () => {
  it('returns the serialised URL that was checked', () => {
    expect(normalizeExternalUrl('HTTPS://Example.COM/a b'.replace(' ', '%20'))).toBe(
      'https://example.com/a%20b',
    );
    expect(normalizeExternalUrl('https://xn--e1afmkfd.xn--p1ai/')).toBe(
      'https://xn--e1afmkfd.xn--p1ai/',
    );
    expect(normalizeExternalUrl('file:///etc/passwd')).toBeNull();
  });
});
