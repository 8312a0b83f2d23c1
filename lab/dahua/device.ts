/**
 * What one simulated Dahua-family device is (Dahua and its OEM lines: Amcrest, Lorex, SCS Pro
 * Blue/Black line): the identity every lab device has, its three listening ports, its account as
 * the fleet starts it, and for recorders the cameras it would push a new password to.
 */
import type { LabDeviceBase } from '../families/types';

/** The ports a Dahua device listens on (dahua.md §1). */
export interface DahuaPorts {
  /** HTTP: /RPC2_Login, /RPC2, /OutsideCmd. 0 asks for any free port (tests). */
  http: number;
  /** DHIP discovery, UDP. Always 37810 on a real device. */
  dhip: number;
  /** DVRIP binary, TCP; only reported in discovery (`Port`) for now. */
  tcp: number;
}

export const DEFAULT_DAHUA_PORTS: Readonly<DahuaPorts> = Object.freeze({
  http: 80,
  dhip: 37810,
  tcp: 37777,
});

/** A security question and its answer as the recorder's owner set them. */
export interface DahuaQuestion {
  question: string;
  answer: string;
}

/** The admin account as the fleet starts it. */
export interface DahuaAccountSpec {
  /** False: factory-fresh (`Init & 3 == 1`), nothing but /OutsideCmd works. */
  initialized: boolean;
  adminPassword?: string;
  /** The reserved e-mail the security code goes to. */
  email?: string;
  phone?: string;
  questions?: DahuaQuestion[];
}

/** A camera a recorder has on one of its channels, with the password the recorder stored. */
export interface DahuaNvrCamera {
  ip: string;
  serial: string;
  password: string;
}

export interface DahuaLabDevice extends LabDeviceBase {
  ports: DahuaPorts;
  account: DahuaAccountSpec;
  /** Recorders only: the cameras a password sync reaches. */
  nvr?: { cameras: DahuaNvrCamera[] };
}
