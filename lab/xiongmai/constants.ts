/**
 * Numbers of the Xiongmai NETIP/DVRIP protocol the lab speaks, named once. Every value here is
 * [C] in ../shared/protocols/xiongmai.md (section in each comment); anything inferred lives in
 * assumptions.ts instead.
 */

/** §1: control over TCP, the same protocol over UDP, LAN search and IP set, web UI. */
export const XM_PORTS = Object.freeze({
  tcp: 34567,
  udp: 34568,
  search: 34569,
  http: 80,
  ssl: 8443,
});

/** §2: alexshpilkin/dvrip MAXLEN; a frame claiming more is not from a client we serve. */
export const XM_MAX_PAYLOAD = 32768;

/** §3 message ids (decimal). Replies are request + 1, as real devices do (§2). */
export const MSG = Object.freeze({
  login: 1000,
  logout: 1002,
  keepAlive: 1006,
  configSet: 1040,
  configGet: 1042,
  abilityGet: 1360,
  modifyPassword: 1488,
  ipSearch: 1530,
  ipSearchReply: 1531,
  ipSet: 1532,
  ipSetReply: 1533,
  noLoginConfig: 1650,
  getRandomUser: 1660,
});

/** §4 return codes the lab emits. */
export const RET = Object.freeze({
  ok: 100,
  illegalRequest: 103,
  notLoggedIn: 105,
  noPermission: 107,
  formatError: 117,
  wrongPassword: 203,
  illegalUser: 204,
  userLocked: 205,
  illegalInput: 208,
  passwordInvalid: 214,
  illegalCommand: 502,
  unsupported: 605,
  configMissing: 607,
  configParseError: 608,
  /** §4 reset-specific (forgetpwd.js, jlinklab demo). */
  tooManyAnswers: 219,
  wrongAnswer: 220,
  tooManyCodes: 221,
  wrongCode: 222,
});

/** §4/§7.5: more than 6 wrong security answers give 219 until the device reboots. */
export const MAX_ANSWER_FAILURES = 6;

/** §8: the `QuestionDelivery` ability of a real XM530 IPC (KostasEreksonas 1361 fixture). */
export const QUESTION_DELIVERY: readonly string[] = Object.freeze([
  'Please select a question ',
  'What is last five digits of your cell phone number?',
  'What is the email account you use often?',
  'What is your Facebook account?',
  "What's your Gmail account?",
  'When is your birthday(For example,Jun 1977)?',
  "When is your mother's birthday(For example,Feb 1953)?",
]);

/** §8: four question slots in `General.PwdSafety.PwdReset`. */
export const PWD_RESET_SLOTS = 4;

/** §8: the web UI's e-mail rule (at most 40 characters). */
export const EMAIL_PATTERN = /^\w+[\w\-.]*@[\w\-.]+\.\w+$/;
export const EMAIL_MAX = 40;
