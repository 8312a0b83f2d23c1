/**
 * Error codes shared by every side. The code is the stable contract (tests, renderer, CLI match on
 * it); the messages are what a person reads, in both languages the UI ships.
 */

export const ERRORS = {
  INVALID_INPUT: {
    en: 'The request was not valid: {detail}',
    ru: 'Некорректный запрос: {detail}',
  },
  UNKNOWN_VERB: {
    en: 'Unknown operation "{detail}".',
    ru: 'Неизвестная операция «{detail}».',
  },
  PAYLOAD_TOO_LARGE: {
    en: 'The request is too large ({detail}).',
    ru: 'Слишком большой запрос ({detail}).',
  },
  HOST_UNAUTHORIZED: {
    en: 'The session token is missing or wrong. Open the address the app printed at start.',
    ru: 'Токен сеанса отсутствует или неверен. Откройте адрес, который приложение вывело при запуске.',
  },
  ORIGIN_DENIED: {
    en: 'Requests from this page are not allowed.',
    ru: 'Запросы с этой страницы запрещены.',
  },
  SENDER_DENIED: {
    en: 'The request did not come from the Custodian window.',
    ru: 'Запрос пришёл не из окна Custodian.',
  },
  NOT_FOUND: {
    en: 'No such device: {detail}.',
    ru: 'Устройство не найдено: {detail}.',
  },
  SCAN_IN_PROGRESS: {
    en: 'A scan is already running; wait for it or stop it first.',
    ru: 'Поиск уже идёт; дождитесь его окончания или остановите.',
  },
  INTERFACE_NOT_FOUND: {
    en: 'No usable network interface matches "{detail}".',
    ru: 'Нет подходящего сетевого интерфейса «{detail}».',
  },
  NON_LOOPBACK_REFUSED: {
    en: 'This run is limited to loopback; refused to use {detail}.',
    ru: 'Этот запуск ограничен loopback; использование {detail} запрещено.',
  },
  DEVICE_UNREACHABLE: {
    en: 'The device did not answer ({detail}).',
    ru: 'Устройство не отвечает ({detail}).',
  },
  DEVICE_AUTH_REQUIRED: {
    en: 'The device needs a user name and password for this.',
    ru: 'Для этого устройству нужны имя пользователя и пароль.',
  },
  DEVICE_AUTH_FAILED: {
    en: 'The device refused the user name or password. Nothing was retried.',
    ru: 'Устройство не приняло имя пользователя или пароль. Повторных попыток не было.',
  },
  DEVICE_BAD_REPLY: {
    en: 'The device sent a reply Custodian could not read ({detail}).',
    ru: 'Устройство прислало ответ, который Custodian не смог разобрать ({detail}).',
  },
  VAULT_UNAVAILABLE: {
    en: 'Passwords cannot be stored safely on this computer ({detail}); Custodian will not store them.',
    ru: 'На этом компьютере нельзя безопасно хранить пароли ({detail}); Custodian не будет их сохранять.',
  },
  LAST_ATTEMPT_NEEDS_CONFIRMATION: {
    en: 'The device allows one more try before it locks. Confirm to use it.',
    ru: 'Устройство допускает ещё одну попытку, после чего заблокируется. Подтвердите, чтобы её использовать.',
  },
  DEVICE_LOCKED: {
    en: 'The device is locked after failed attempts ({detail}). Wait, then try again.',
    ru: 'Устройство заблокировано после неудачных попыток ({detail}). Подождите и повторите.',
  },
  CODE_REJECTED: {
    en: 'The device did not accept the code ({detail}).',
    ru: 'Устройство не приняло код ({detail}).',
  },
  CODE_EXPIRED: {
    en: 'The code has expired. Start the reset again to get a new one.',
    ru: 'Срок действия кода истёк. Начните сброс заново, чтобы получить новый.',
  },
  ANSWERS_REJECTED: {
    en: 'The device did not accept the answers ({detail}).',
    ru: 'Устройство не приняло ответы ({detail}).',
  },
  REBOOT_DETECTED: {
    en: 'The device restarted during the reset, so what it handed out is void. Start over.',
    ru: 'Устройство перезагрузилось во время сброса, выданные им данные недействительны. Начните заново.',
  },
  PASSWORD_POLICY: {
    en: 'The password does not meet the device rules ({detail}).',
    ru: 'Пароль не соответствует правилам устройства ({detail}).',
  },
  CAPABILITY_UNAVAILABLE: {
    en: 'This device cannot do that ({detail}).',
    ru: 'Это устройство так не умеет ({detail}).',
  },
  RECOVERY_EMAIL_NOT_BOUND: {
    en: 'No recovery e-mail is reserved on this device, so it cannot hand out a reset QR code. Use another method.',
    ru: 'На устройстве не задана почта для восстановления, поэтому QR-код для сброса оно не выдаёт. Выберите другой способ.',
  },
  FLOW_NOT_FOUND: {
    en: 'No such operation: {detail}.',
    ru: 'Операция не найдена: {detail}.',
  },
  FLOW_STATE: {
    en: 'The operation is not waiting for that now ({detail}).',
    ru: 'Операция сейчас этого не ожидает ({detail}).',
  },
  FLOW_INTERRUPTED: {
    en: 'Custodian stopped while it was talking to the device, so the device state is unknown ({detail}). Start again.',
    ru: 'Custodian остановился во время обмена с устройством, поэтому состояние устройства неизвестно ({detail}). Начните заново.',
  },
  VAULT_LOCKED: {
    en: 'The password vault is locked: start Custodian with its passphrase.',
    ru: 'Хранилище паролей заблокировано: запустите Custodian с его паролем.',
  },
  TIMEOUT: {
    en: 'The operation timed out ({detail}).',
    ru: 'Время ожидания истекло ({detail}).',
  },
  TRANSPORT_CLOSED: {
    en: 'The connection to the Custodian engine was lost. Reconnecting…',
    ru: 'Связь с ядром Custodian потеряна. Переподключение…',
  },
  INTERNAL: {
    en: 'Something went wrong inside Custodian ({detail}).',
    ru: 'Внутренняя ошибка Custodian ({detail}).',
  },
} as const satisfies Record<string, { en: string; ru: string }>;

export type ErrorCode = keyof typeof ERRORS;
export type Locale = 'en' | 'ru';

/** What crosses a transport when an operation fails. */
export interface ApiErrorPayload {
  code: ErrorCode;
  /** English text, for logs and the CLI; the UI renders `code` + `detail` in its own language. */
  message: string;
  detail?: string;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/** The text a person reads for an error, in their language. */
export function errorText(code: ErrorCode, locale: Locale, detail = ''): string {
  return ERRORS[code][locale].replace('{detail}', detail);
}

/** Base class of every error Custodian raises on purpose. */
export class CustodianError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;

  constructor(code: ErrorCode, detail = '', options?: { cause?: unknown }) {
    super(errorText(code, 'en', detail), options);
    this.name = 'CustodianError';
    this.code = code;
    this.detail = detail;
  }

  toPayload(): ApiErrorPayload {
    return { code: this.code, message: this.message, detail: this.detail };
  }
}

/** Turns anything thrown into the payload a transport sends; unknown errors never leak internals. */
export function toErrorPayload(err: unknown): ApiErrorPayload {
  if (err instanceof CustodianError) return err.toPayload();
  return new CustodianError('INTERNAL', 'unexpected error').toPayload();
}

/** Rebuilds the typed error on the receiving side of a transport. */
export function fromErrorPayload(payload: ApiErrorPayload): CustodianError {
  return new CustodianError(
    isErrorCode(payload.code) ? payload.code : 'INTERNAL',
    payload.detail ?? '',
  );
}
