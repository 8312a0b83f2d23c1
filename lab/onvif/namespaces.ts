/** XML namespaces the ONVIF simulation writes (onvif.md §1.1, Core). */
export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  /** WS-Addressing 2004/08: what WS-Discovery 2005/04 uses (the 2005/08 one breaks discovery). */
  wsa: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  /** WS-Discovery 2005/04, the version ONVIF uses; 2009 breaks real clients (agsh/onvif#30). */
  wsd: 'http://schemas.xmlsoap.org/ws/2005/04/discovery',
  dn: 'http://www.onvif.org/ver10/network/wsdl',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  tev: 'http://www.onvif.org/ver10/events/wsdl',
  tt: 'http://www.onvif.org/ver10/schema',
  ter: 'http://www.onvif.org/ver10/error',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
} as const;

export const WSD_TO = 'urn:schemas-xmlsoap-org:ws:2005:04:discovery';
export const WSD_ACTION = {
  hello: `${NS.wsd}/Hello`,
  bye: `${NS.wsd}/Bye`,
  probe: `${NS.wsd}/Probe`,
  probeMatches: `${NS.wsd}/ProbeMatches`,
} as const;
/** Where Hello/Bye and ProbeMatches say they come from (anonymous reply target). */
export const WSA_ANONYMOUS = `${NS.wsa}/role/anonymous`;

export const WSD_GROUP = '239.255.255.250';
export const WSD_PORT = 3702;

export const PASSWORD_DIGEST_TYPE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
