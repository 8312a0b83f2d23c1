/**
 * Pure builders for ONVIF device-service requests: SOAP 1.2 envelopes, and the WS-Security
 * UsernameToken header that legacy devices want instead of HTTP digest (onvif.md section 3).
 */
import { createHash } from 'node:crypto';

export const NS = {
  env: 'http://www.w3.org/2003/05/soap-envelope',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
} as const;

const PASSWORD_DIGEST_TYPE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const BASE64_ENCODING =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

/** The device-service calls this client makes; all take an empty request element. */
export const DEVICE_OPERATIONS = [
  'GetSystemDateAndTime',
  'GetDeviceInformation',
  'GetScopes',
  'GetNetworkInterfaces',
  'GetUsers',
] as const;
export type DeviceOperation = (typeof DEVICE_OPERATIONS)[number];

/** A ready-to-send UsernameToken; holds the digest, never the password. */
export interface UsernameToken {
  username: string;
  /** Base64(SHA1(nonce ‖ created ‖ password)). */
  passwordDigest: string;
  /** The raw nonce, base64. */
  nonce: string;
  /** xs:dateTime in UTC, as hashed. */
  created: string;
}

/** Escapes text for an element body or a double-quoted attribute. */
export function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * PasswordDigest of the WS-Security UsernameToken profile: Base64(SHA1(nonce_raw ‖ Created ‖
 * password)), nonce as raw bytes, the other two as UTF-8.
 */
export function passwordDigest(nonce: Uint8Array, created: string, password: string): string {
  return createHash('sha1')
    .update(nonce)
    .update(created, 'utf8')
    .update(password, 'utf8')
    .digest('base64');
}

/**
 * Builds a token for one request. `created` must already be on the device's clock (local time
 * plus the offset measured by GetSystemDateAndTime): replay-protected devices reject a token
 * whose Created is far from their own time. `nonce` should be 16 fresh random bytes.
 */
export function createUsernameToken(input: {
  username: string;
  password: string;
  nonce: Uint8Array;
  created: Date;
}): UsernameToken {
  const created = input.created.toISOString();
  return {
    username: input.username,
    passwordDigest: passwordDigest(input.nonce, created, input.password),
    nonce: Buffer.from(input.nonce).toString('base64'),
    created,
  };
}

/** The `<wsse:Security>` header block carrying `token`. */
export function buildSecurityHeader(token: UsernameToken): string {
  return (
    `<wsse:Security s:mustUnderstand="1" xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}">` +
    '<wsse:UsernameToken>' +
    `<wsse:Username>${xmlEscape(token.username)}</wsse:Username>` +
    `<wsse:Password Type="${PASSWORD_DIGEST_TYPE}">${token.passwordDigest}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${BASE64_ENCODING}">${token.nonce}</wsse:Nonce>` +
    `<wsu:Created>${token.created}</wsu:Created>` +
    '</wsse:UsernameToken></wsse:Security>'
  );
}

/** A SOAP 1.2 envelope around `bodyXml`, with an optional header block. */
export function buildEnvelope(bodyXml: string, headerXml?: string): string {
  const header = headerXml ? `<s:Header>${headerXml}</s:Header>` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<s:Envelope xmlns:s="${NS.env}" xmlns:tds="${NS.tds}">` +
    `${header}<s:Body>${bodyXml}</s:Body></s:Envelope>`
  );
}

/** The full request for `op`, signed with `token` when given. */
export function buildRequest(op: DeviceOperation, token?: UsernameToken): string {
  return buildEnvelope(`<tds:${op}/>`, token ? buildSecurityHeader(token) : undefined);
}

/** SOAP 1.2 carries the action as a Content-Type parameter (RFC 3902), not a SOAPAction header. */
export function contentTypeFor(op: DeviceOperation): string {
  return `application/soap+xml; charset=utf-8; action="${NS.tds}/${op}"`;
}
