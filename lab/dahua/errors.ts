/**
 * The `error.code` values Dahua firmware puts in JSON-RPC replies (dahua.md §7, confirmed by
 * several public clients), and the NetSDK reset-error numbers (§12a) the lab maps its
 * reset-path failures onto.
 */

export const RPC_ERROR = Object.freeze({
  loginChallenge: 268632079,
  userOrPasswordNotValid: 268632085,
  userLocked: 268632081,
  notInitialized: 268632086,
  interfaceNotFound: 268632064,
  invalidRequest: 268894209,
  methodNotFound: 268894210,
  invalidParam: 268894211,
  parseError: 268894208,
  internalError: 268894212,
  invalidSession: 287637504,
  unknown: 268959743,
});

export const RPC_MESSAGE: Readonly<Record<number, string>> = Object.freeze({
  [RPC_ERROR.loginChallenge]: 'Component error: login challenge!',
  [RPC_ERROR.userOrPasswordNotValid]: 'Component error: User or password not valid!',
  [RPC_ERROR.userLocked]: 'Component error: User has been locked!',
  [RPC_ERROR.notInitialized]: 'Component error: Device not initialised!',
  [RPC_ERROR.interfaceNotFound]: 'Component error: interface not found!',
  [RPC_ERROR.invalidRequest]: 'Invalid request!',
  [RPC_ERROR.methodNotFound]: 'Method not found!',
  [RPC_ERROR.invalidParam]: 'Invalid params!',
  [RPC_ERROR.parseError]: 'Parse error!',
  [RPC_ERROR.internalError]: 'Server internal error!',
  [RPC_ERROR.invalidSession]: 'Invalid session in request data!',
  [RPC_ERROR.unknown]: 'Unknown error! error code was not set in service!',
});

/** NetSDK numbers for the init and reset paths (dahua.md §10, §12a), before the 0x80000000 bit. */
export const SDK_ERROR = Object.freeze({
  passwordIllegal: 1016,
  alreadyInitialized: 1017,
  securityCodeWrong: 1018,
  securityCodeExpired: 1019,
  generateCodeFailed: 1108,
  notInitializedCannotReset: 1111,
  tooManyAuthCodeChecks: 1114,
  passwordNotStrong: 513,
});
export type SdkErrorName = keyof typeof SDK_ERROR;
