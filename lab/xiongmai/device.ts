/**
 * What a simulated Xiongmai/XMEye device is: the shared identity plus the XM ports and the
 * account it ships with. XM has no activation step: admin with an empty password is the factory
 * state (xiongmai.md §5), so `adminPassword: ''` is a factory-fresh device.
 */
import type { LabDeviceBase } from '../families/types';

/** One security question, in the device's language, and its plaintext answer. */
export interface XmQuestion {
  question: string;
  answer: string;
}

export interface XmLabDevice extends LabDeviceBase {
  family: 'xiongmai';
  /** 0 for `tcp` asks for any free port (tests); the bound port is written back. */
  ports: { tcp: number; search: number; http: number };
  account: {
    /** '' = the factory default empty password, as XM ships. */
    adminPassword: string;
    /** Set through General.PwdSafety; the texts should come from QUESTION_DELIVERY. */
    questions?: XmQuestion[];
    /** The reserved mailbox (`SecurityEmail`) the vendor cloud sends reset codes to. */
    email?: string;
  };
}
