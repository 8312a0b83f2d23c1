/**
 * Turns one NETIP request frame into its reply frame: login, logout and keep-alive here, config
 * and reset commands in their own modules. Replies carry request id + 1 and echo the sequence
 * number, as the devices in xiongmai.md §2 do.
 */
import {
  assumedLoginFacts,
  assumedNotLoggedInRet,
  assumedSessionIdText,
  assumedUnknownMessageRet,
  assumedUnknownUserRet,
  assumedXmRsaLoginMsg1010Ret,
} from './assumptions';
import { handleAbilityGet, handleConfigGet, handleConfigSet } from './config-commands';
import { MSG, RET } from './constants';
import { dvripJson, encodeFrame, jsonPayload, parseJsonPayload, type XmFrame } from './frame';
import { handleGetRandomUser, handleNoLoginConfig } from './reset-commands';
import { nameOf, reply, type NetipConnection, type ReplyBody } from './session';
import { sofiaHash } from './sofia';
import type { XmDeviceState } from './state';

const RSA_NEGOTIATION = 1010;

/** The reply frame for `frame` on connection `conn`. */
export function dispatchNetip(s: XmDeviceState, conn: NetipConnection, frame: XmFrame): Buffer {
  const body = parseJsonPayload(frame.payload);
  const session = conn.session ?? 0;
  const out = body
    ? route(s, conn, frame, body)
    : { Name: '', Ret: RET.formatError, SessionID: assumedSessionIdText(session) };
  const replySession = frame.msgId === MSG.login ? (conn.session ?? 0) : session;
  return encodeFrame(
    { msgId: (frame.msgId + 1) & 0xffff, session: replySession, sequence: frame.sequence },
    jsonPayload(dvripJson(out)),
  );
}

function route(
  s: XmDeviceState,
  conn: NetipConnection,
  frame: XmFrame,
  body: Record<string, unknown>,
): ReplyBody {
  const session = conn.session ?? 0;
  switch (frame.msgId) {
    case MSG.login:
      return login(s, conn, body);
    case MSG.noLoginConfig:
      return handleNoLoginConfig(s, conn, body, session);
    case MSG.getRandomUser:
      return handleGetRandomUser();
    case RSA_NEGOTIATION:
      return reply('', assumedXmRsaLoginMsg1010Ret(), session);
  }
  if (conn.session === null || frame.session !== conn.session) {
    return reply(nameOf(body), assumedNotLoggedInRet(), 0);
  }
  switch (frame.msgId) {
    case MSG.logout:
      conn.session = null;
      return reply(nameOf(body), RET.ok, session);
    case MSG.keepAlive:
      return reply('KeepAlive', RET.ok, session);
    case MSG.configGet:
      return handleConfigGet(s, body, session);
    case MSG.configSet:
      return handleConfigSet(s, body, session);
    case MSG.abilityGet:
      return handleAbilityGet(s, body, session);
    case MSG.modifyPassword:
      return reply('', modifyPassword(s, body), session);
    default:
      return reply(nameOf(body), assumedUnknownMessageRet(), session);
  }
}

/**
 * 1000: `PassWord` is the Sofia hash with EncryptType MD5 (the PDF also lists NONE, sent as
 * plaintext). The success reply keeps the firmware's `"DeviceType "` key with its trailing space.
 */
function login(s: XmDeviceState, conn: NetipConnection, body: Record<string, unknown>): ReplyBody {
  const fail = (ret: number) => ({ Name: '', Ret: ret, SessionID: assumedSessionIdText(0) });
  if (body.UserName !== 'admin') return fail(assumedUnknownUserRet());
  const given = typeof body.PassWord === 'string' ? body.PassWord : '';
  const hash = body.EncryptType === 'NONE' ? sofiaHash(given) : given;
  const ret = s.account.attempt(hash);
  if (ret !== RET.ok) return fail(ret);
  conn.session = s.newSession();
  const facts = assumedLoginFacts(s.device.kind);
  return {
    AliveInterval: facts.aliveInterval,
    ChannelNum: facts.channels,
    DataUseAES: false,
    'DeviceType ': facts.deviceType,
    ExtraChannel: 0,
    Ret: RET.ok,
    SessionID: assumedSessionIdText(conn.session),
  };
}

/** 1488 (python-dvr changePasswd): old and new passwords both as Sofia hashes. */
function modifyPassword(s: XmDeviceState, body: Record<string, unknown>): number {
  if (body.UserName !== 'admin') return RET.illegalUser;
  if (body.PassWord !== s.account.passwordHash) return RET.wrongPassword;
  const next = body.NewPassWord;
  // The device sees only a hash; an 8-character Sofia hash is the only acceptable shape.
  if (typeof next !== 'string' || !/^[0-9A-Za-z]{8}$/.test(next)) return RET.passwordInvalid;
  s.account.setPasswordHash(next);
  return RET.ok;
}
