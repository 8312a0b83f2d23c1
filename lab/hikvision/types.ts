/**
 * What a simulated Hikvision device is on top of the identity every lab device has: its ports
 * (ISAPI over HTTP, SADP, the private SDK port it advertises) and its account, which the family
 * runtime mutates as clients activate it, bind an e-mail, set questions or reset the password.
 */
import type { LabDeviceBase } from '../families/types';

/** SADP discovery and commands: UDP, multicast group 239.255.255.250 (hikvision.md §1). */
export const SADP_PORT = 37020;
export const SADP_GROUP = '239.255.255.250';
/** HCNetSDK private TCP port a ProbeMatch advertises; the lab never listens on it. */
export const COMMAND_PORT = 8000;

/** One configured security question (the admin picks 3 of 15 predefined ones, §7 and §17). */
export interface HikSecurityQuestion {
  id: number;
  question: string;
  answer: string;
}

/** Account state as the fleet specifies it; secrets stay inside the runtime. */
export interface HikAccount {
  state: 'inactive' | 'active';
  /** Only when active. The user name is always `admin`. */
  adminPassword?: string;
  /** The reserved recovery e-mail. */
  email?: string;
  questions?: HikSecurityQuestion[];
  /** The admin exported the GUID/key file before this run started. */
  guidExported?: boolean;
}

/** A Hikvision camera or NVR as the fleet hands it to `startHikvisionFleet`. */
export interface HikvisionLabDevice extends LabDeviceBase {
  family: 'hikvision';
  ports: { http: number; sadp: typeof SADP_PORT; command: typeof COMMAND_PORT };
  account: HikAccount;
  /** Present on a recorder: how many IP cameras hang off it (DigitalChannelNum, password sync). */
  nvr?: { cameras: number };
}

/** The only user name the lab's Hikvision devices know. */
export const ADMIN_USER = 'admin';
