/**
 * DHIP wire constants (dahua.md §1–§3). Discovery is UDP 37810, sent to the multicast group and
 * the subnet broadcast; devices answer unicast to the sender's address and port, so the client
 * needs no fixed local port.
 */

/** UDP port devices listen on for `DHDiscover.search` [C]. */
export const DHIP_PORT = 37810;
/** Multicast group devices join for discovery [C]. */
export const DHIP_MULTICAST_ADDRESS = '239.255.255.251';
/** Every DHIP frame starts with a 32-byte little-endian header [C]. */
export const DHIP_HEADER_BYTES = 32;
/** `DHIP` in ASCII at offset 4; firmware rejects it packed as an LE uint32 ("PIHD") [C-1]. */
export const DHIP_MAGIC = Buffer.from('DHIP', 'latin1');
/**
 * Real replies are 711–794 bytes (Shadowserver, dahua.md §3); 16 KiB leaves room for long
 * vendor strings while bounding what a hostile peer can make us parse.
 */
export const DHIP_MAX_DATAGRAM_BYTES = 16 * 1024;
/** The method a device answers discovery with. */
export const NOTIFY_DEV_INFO = 'client.notifyDevInfo';
/** The discovery request method. */
export const DISCOVER_SEARCH = 'DHDiscover.search';
