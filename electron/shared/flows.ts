/**
 * Activation, recovery set-up and recovery, as the engine runs them: resumable flows that the
 * renderer only displays and feeds. A flow view never carries a secret (no password, answer, code
 * or key file): those go in through verbs and stay in the engine.
 */
import type { ApiErrorPayload } from './errors';
import type { Family } from './dto';

export const CAPABILITY_NAMES = [
  'activate',
  'bindEmail',
  'setQuestions',
  'exportKey',
  'recoverByQuestions',
  'recoverByCode',
  'recoverByKeyFile',
  'recoverBySupport',
  'changePassword',
  'syncCameras',
  'guided',
] as const;
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** Whether public captures confirm the wire format, or it is an isolated assumption. */
export type Evidence = 'confirmed' | 'assumed';

export interface Capability {
  name: CapabilityName;
  /** Which protocol carries it (`isapi`, `sadp`, `rpc2`, `netip`, `onvif`, `monitor`). */
  protocol: string;
  evidence: Evidence;
  /** Why it is not available right now, when it is listed but unusable (e.g. no e-mail bound). */
  unavailableReason?: string;
}

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** Character classes required out of: lower, upper, digit, symbol. */
  minClasses: number;
  forbiddenChars: string;
  /** The password may not contain the user name (forwards or reversed). */
  notContainingUser: boolean;
}

export interface SecurityQuestion {
  id: number;
  /** The device's wording; '' when it did not say (a recovery started without a login). */
  text: string;
}

export interface DeviceCapabilities {
  deviceId: string;
  family: Family;
  capabilities: Capability[];
  passwordPolicy: PasswordPolicy;
  /** The questions a device offers for `setQuestions`, when it publishes a list. */
  questionChoices: SecurityQuestion[];
  /** How many answers the device wants (Hikvision: 3). */
  questionsRequired: number;
  /** Login tries the device says are left, and until when it is locked, when it tells. */
  attemptsLeft: number | null;
  lockedUntil: string | null;
  /** Whether Custodian holds working credentials for it (the secret itself never leaves). */
  hasCredentials: boolean;
}

export type FlowKind = 'activate' | 'setupRecovery' | 'recover';
export type RecoveryMethod = 'questions' | 'qr' | 'keyFile' | 'support';
export type FlowState = 'running' | 'needsInput' | 'succeeded' | 'failed' | 'cancelled';

/** What the person must supply next for a flow to go on. */
export type FlowPrompt =
  | { kind: 'answers'; questions: SecurityQuestion[] }
  | { kind: 'code'; codeLength: number | null }
  | { kind: 'keyFile' }
  | { kind: 'newPassword' }
  | { kind: 'confirmLastAttempt'; attemptsLeft: 1 };

/** What vendor support asks to be sent along with the code (the UI words each in en and ru). */
export const SUPPORT_DETAILS = [
  'serial',
  'model',
  'deviceDate',
  'labelPhoto',
  'purchaseChannel',
] as const;
export type SupportDetail = (typeof SUPPORT_DETAILS)[number];

/** Where the support code goes: the vendor's own support channel, as public vendor text names it. */
export interface SupportContact {
  /** The vendor whose technical support answers (the UI words "<vendor> technical support"). */
  vendor: string;
  /** The vendor's support page (an http(s) address the UI may open externally). */
  url: string;
  /** A support e-mail address, when the vendor publishes one for this path. */
  email?: string;
  /** What to send with the code, in the order the vendor lists it. */
  include: SupportDetail[];
  /** The device's serial number, filled in for the message (null when the device never said). */
  serial: string | null;
}

/** What a device handed out for the person to act on. */
export interface FlowHandout {
  /** The text to encode as a QR code for the vendor's app (it is what the device shows). */
  qrPayload?: string;
  /** The code to send to vendor support (Hikvision getcode, Herospeed security code). */
  supportCode?: string;
  /** Where to send `supportCode`, and what to send with it. */
  supportContact?: SupportContact;
  /** Where the vendor's app has it, e.g. "Hik-Connect > More > Reset Device Password". */
  appPath?: string;
  /** Where the code will arrive (masked, e.g. "o***@example.com"). */
  sentTo?: string;
  expiresAt?: string;
  /** A key file to save (Hikvision GUID), base64; handed out once at export, never stored. */
  keyFileBase64?: string;
  keyFileName?: string;
}

export interface FlowDeviceView {
  deviceId: string;
  state: FlowState;
  /** The step now running or last run, a stable id for the UI's text (e.g. `challenge`). */
  step: string;
  stepsDone: string[];
  error?: ApiErrorPayload;
  attemptsLeft?: number | null;
  lockedUntil?: string | null;
}

export interface FlowView {
  id: string;
  kind: FlowKind;
  method?: RecoveryMethod;
  state: FlowState;
  devices: FlowDeviceView[];
  prompt?: FlowPrompt;
  handout?: FlowHandout;
  /** The device rebooted during the flow: what it handed out is void and the flow must restart. */
  rebootDetected?: boolean;
  createdAt: string;
  updatedAt: string;
}
