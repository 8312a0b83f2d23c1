import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  contentTypeFor,
  createUsernameToken,
  DEVICE_OPERATIONS,
  passwordDigest,
  xmlEscape,
} from './soap';
import { at, attr, child, parseXml, text } from './xml';

const NONCE = Uint8Array.from({ length: 16 }, (_, i) => i);

describe('WS-Security UsernameToken', () => {
  it('reproduces the onvif.md section 3 test vector', () => {
    expect(passwordDigest(NONCE, '2024-01-01T00:00:00.000Z', 'secret')).toBe(
      '//ibx1D1VtrRLBI5fd/nFoXLzBc=',
    );
    const token = createUsernameToken({
      username: 'admin',
      password: 'secret',
      nonce: NONCE,
      created: new Date('2024-01-01T00:00:00.000Z'),
    });
    expect(token).toEqual({
      username: 'admin',
      passwordDigest: '//ibx1D1VtrRLBI5fd/nFoXLzBc=',
      nonce: 'AAECAwQFBgcICQoLDA0ODw==',
      created: '2024-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(token)).not.toContain('secret');
  });

  it('puts the token in a mustUnderstand Security header with the profile URIs', () => {
    const token = createUsernameToken({
      username: 'a<&>"b',
      password: 'secret',
      nonce: NONCE,
      created: new Date('2024-01-01T00:00:00.000Z'),
    });
    const xml = buildRequest('GetUsers', token);
    expect(xml).not.toContain('secret');
    const env = child(parseXml(xml), 'Envelope');
    const security = at(env, 'Header', 'Security');
    expect(attr(security, 'mustUnderstand')).toBe('1');
    const ut = child(security, 'UsernameToken');
    expect(text(child(ut, 'Username'))).toBe('a<&>"b');
    expect(attr(child(ut, 'Password'), 'Type')).toMatch(/#PasswordDigest$/);
    expect(text(child(ut, 'Password'))).toBe('//ibx1D1VtrRLBI5fd/nFoXLzBc=');
    expect(attr(child(ut, 'Nonce'), 'EncodingType')).toMatch(/#Base64Binary$/);
    expect(text(child(ut, 'Created'))).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('SOAP 1.2 request envelopes', () => {
  it.each(DEVICE_OPERATIONS)('%s: tds body, no header without a token', (op) => {
    const xml = buildRequest(op);
    expect(xml).toContain('xmlns:s="http://www.w3.org/2003/05/soap-envelope"');
    expect(xml).toContain('xmlns:tds="http://www.onvif.org/ver10/device/wsdl"');
    expect(xml).toContain(`<s:Body><tds:${op}/></s:Body>`);
    expect(xml).not.toContain('Header');
    expect(contentTypeFor(op)).toBe(
      `application/soap+xml; charset=utf-8; action="http://www.onvif.org/ver10/device/wsdl/${op}"`,
    );
  });

  it('escapes every markup character', () => {
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe(
      '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;',
    );
  });
});
