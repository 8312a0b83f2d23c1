/**
 * CreateUsers, SetUser and DeleteUsers with Core's faults. Each call validates every entry first
 * and then applies all of them, so a faulted request changes nothing ("all users or none").
 */
import { USER_LEVELS, type LabUser, type UserLevel } from '../fleet/spec';
import type { OnvifDeviceState } from './device-state';
import { USER_LIMITS } from './device-responses';
import { SoapFault } from './soap';
import { child, children, textOf, type XmlValue } from './xml';

/**
 * The lab's password policy (Core leaves it to the device): at least 8 characters, not the user
 * name, and at least two of lower case, upper case, digits and symbols.
 */
export function labPasswordTooWeak(username: string, password: string): boolean {
  if (password.length < 8 || password.toLowerCase() === username.toLowerCase()) return true;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return classes < 2;
}

/** Assumption: like many firmwares, the built-in `admin` account cannot be deleted or demoted. */
export function assumedFixedUser(username: string): boolean {
  return username === 'admin';
}

type UserEntry = { username: string; password: string | undefined; level: string };

function readUsers(op: XmlValue | undefined): UserEntry[] {
  return children(op, 'User').map((u) => ({
    username: textOf(child(u, 'Username')) ?? '',
    password: textOf(child(u, 'Password')),
    level: textOf(child(u, 'UserLevel')) ?? '',
  }));
}

const prohibited = (sub: string, reason: string) =>
  new SoapFault('Sender', ['OperationProhibited', sub], reason);
const invalidArg = (sub: string, reason: string) =>
  new SoapFault('Sender', ['InvalidArgVal', sub], reason);

function checkLevel(level: string): UserLevel {
  if (level === 'Anonymous')
    throw prohibited('AnonymousNotAllowed', 'Users cannot be created at the Anonymous level');
  if (!(USER_LEVELS as readonly string[]).includes(level))
    throw new SoapFault('Sender', ['InvalidArgVal'], `Unknown user level ${level}`);
  return level as UserLevel;
}

function checkPassword(username: string, password: string, weakCode: string): void {
  if (password.length > USER_LIMITS.maxPasswordLength)
    throw prohibited('PasswordTooLong', 'The password is too long');
  if (labPasswordTooWeak(username, password)) throw prohibited(weakCode, 'Too weak password');
}

export function createUsers(state: OnvifDeviceState, op: XmlValue | undefined): string {
  const entries = readUsers(op);
  if (entries.length === 0) throw new SoapFault('Sender', ['InvalidArgVal'], 'No User given');
  const names = new Set(state.users.map((u) => u.username));
  const added: LabUser[] = [];
  for (const e of entries) {
    if (e.username.length === 0) throw prohibited('UsernameTooShort', 'The username is too short');
    if (e.username.length > USER_LIMITS.maxUserNameLength)
      throw prohibited('UsernameTooLong', 'The username is too long');
    if (names.has(e.username))
      throw prohibited('UsernameClash', `Username ${e.username} already exists`);
    const level = checkLevel(e.level);
    // Core names this fault plain `ter:Password` for CreateUsers (SetUser says PasswordTooWeak).
    checkPassword(e.username, e.password ?? '', 'Password');
    names.add(e.username);
    added.push({ username: e.username, password: e.password ?? '', level });
  }
  if (state.users.length + added.length > USER_LIMITS.maxUsers)
    throw new SoapFault('Sender', ['Action', 'TooManyUsers'], 'Maximum number of users reached');
  state.users.push(...added);
  state.settleAccountState();
  return '<tds:CreateUsersResponse/>';
}

export function setUser(state: OnvifDeviceState, op: XmlValue | undefined): string {
  const entries = readUsers(op);
  if (entries.length === 0) throw new SoapFault('Sender', ['InvalidArgVal'], 'No User given');
  const updates = entries.map((e) => {
    const user = state.findUser(e.username);
    if (!user) throw invalidArg('UsernameMissing', `No user ${e.username}`);
    const level = checkLevel(e.level);
    if (assumedFixedUser(user.username) && level !== user.level)
      throw prohibited('FixedUser', `The level of ${user.username} cannot be changed`);
    if (e.password !== undefined) checkPassword(e.username, e.password, 'PasswordTooWeak');
    return { user, level, password: e.password };
  });
  for (const u of updates) {
    u.user.level = u.level;
    if (u.password !== undefined) u.user.password = u.password;
  }
  state.settleAccountState();
  return '<tds:SetUserResponse/>';
}

export function deleteUsers(state: OnvifDeviceState, op: XmlValue | undefined): string {
  const names = children(op, 'Username').map((n) => textOf(n) ?? '');
  if (names.length === 0) throw new SoapFault('Sender', ['InvalidArgVal'], 'No Username given');
  for (const name of names) {
    if (!state.findUser(name)) throw invalidArg('UsernameMissing', `No user ${name}`);
    if (assumedFixedUser(name))
      throw invalidArg('FixedUser', `${name} is a fixed user and cannot be deleted`);
  }
  state.users = state.users.filter((u) => !names.includes(u.username));
  return '<tds:DeleteUsersResponse/>';
}
