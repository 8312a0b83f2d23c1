/**
 * Default-route parsers on routing tables written out as each OS prints them (addresses from the
 * documentation ranges), and the VPN hint built on them.
 */
import { describe, expect, it } from 'vitest';
import type { NetInterface } from '../../shared/dto';
import { vpnHoldingDefaultRoute } from './doctor';
import { parseLinuxRoutes, parseMacRoute, parseWindowsRoutes } from './doctor-route';

// A WireGuard tunnel holding the default route at metric 0, the Wi-Fi's own default at 600.
const LINUX_VPN = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlp2s0\t00000000\t0102A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
wg0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0
wlp2s0\t0002A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0
`;
const LINUX_LAN = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t0000000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
tun0\t000010AC\t00000000\t0001\t0\t0\t50\t0000FFFF\t0\t0\t0
`;
// A default route that is down (flags 0002: RTF_GATEWAY without RTF_UP) is not the route in use.
const LINUX_DOWN = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
tun0\t00000000\t00000000\t0002\t0\t0\t0\t00000000\t0\t0\t0
`;

const MAC_VPN = `   route to: default
destination: default
       mask: default
  interface: utun4
      flags: <UP,DONE,CLONING,STATIC>
 recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire
       0         0         0         0         0         0      1400         0
`;
const MAC_NONE = 'route: writing to routing socket: not in table\n';

const WINDOWS_VPN = `===========================================================================
Interface List
 17...00 ff 6a 2b 11 0c ......TAP-Windows Adapter V9
 12...3c 52 82 aa 10 4f ......Intel(R) Ethernet Connection I219-LM
  1...........................Software Loopback Interface 1
===========================================================================

IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.23     35
          0.0.0.0        128.0.0.0         On-link       10.8.0.6     20
          0.0.0.0          0.0.0.0         10.8.0.5       10.8.0.6     10
        127.0.0.0        255.0.0.0         On-link        127.0.0.1    331
===========================================================================
Persistent Routes:
  Network Address          Netmask  Gateway Address  Metric
          0.0.0.0          0.0.0.0      192.168.7.1  Default
===========================================================================
`;
const WINDOWS_NONE = `IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
        127.0.0.0        255.0.0.0         On-link        127.0.0.1    331
===========================================================================
Persistent Routes:
  None
`;

const iface = (name: string, address: string): NetInterface => ({
  name,
  address,
  netmask: '255.255.255.0',
  mac: null,
  internal: false,
});

describe('default route parsers', () => {
  it('Linux: the up default route with the lowest metric', () => {
    expect(parseLinuxRoutes(LINUX_VPN)).toEqual({ interfaceName: 'wg0' });
    expect(parseLinuxRoutes(LINUX_LAN)).toEqual({ interfaceName: 'eth0' });
    expect(parseLinuxRoutes(LINUX_DOWN)).toBeNull();
    expect(parseLinuxRoutes('')).toBeNull();
  });

  it('macOS: the interface line of `route -n get default`', () => {
    expect(parseMacRoute(MAC_VPN)).toEqual({ interfaceName: 'utun4' });
    expect(parseMacRoute(MAC_NONE)).toBeNull();
  });

  it('Windows: the active 0.0.0.0/0 route with the lowest metric, by interface address', () => {
    expect(parseWindowsRoutes(WINDOWS_VPN)).toEqual({ interfaceAddress: '10.8.0.6' });
    expect(parseWindowsRoutes(WINDOWS_NONE)).toBeNull();
  });
});

describe('VPN hint', () => {
  const lan = iface('eth0', '10.0.0.5');
  const wg = iface('wg0', '10.66.0.2');
  const tap = iface('OpenVPN TAP-Windows6', '10.8.0.6');

  it('names the VPN adapter that holds the default route, by name or by address', () => {
    expect(vpnHoldingDefaultRoute([lan, wg], parseLinuxRoutes(LINUX_VPN))).toEqual(['wg0']);
    expect(vpnHoldingDefaultRoute([lan, tap], parseWindowsRoutes(WINDOWS_VPN))).toEqual([
      'OpenVPN TAP-Windows6',
    ]);
    expect(vpnHoldingDefaultRoute([], parseMacRoute(MAC_VPN))).toEqual(['utun4']);
  });

  it('says nothing of a VPN that is up but does not hold the default route', () => {
    expect(vpnHoldingDefaultRoute([lan, wg], parseLinuxRoutes(LINUX_LAN))).toEqual([]);
  });

  it('falls back to the name heuristic when the route could not be read', () => {
    expect(vpnHoldingDefaultRoute([lan, wg], null)).toEqual(['wg0']);
    expect(vpnHoldingDefaultRoute([lan], undefined)).toEqual([]);
  });
});
