/**
 * Error messages come from the shared ERRORS table by code, in the UI's language, so the engine,
 * the CLI and the UI say the same thing for the same failure.
 */
import { useI18n } from 'vue-i18n';
import { CustodianError, errorText, type ErrorCode } from '../contract';
import { isLocale } from './index';

/** What the stores keep of a failure: the stable code and its detail, never a rendered string. */
export interface UiError {
  code: ErrorCode;
  detail: string;
}

/** Anything caught becomes a UiError; unknown throwables are INTERNAL, with no internals shown. */
export function toUiError(err: unknown): UiError {
  if (err instanceof CustodianError) return { code: err.code, detail: err.detail };
  return { code: 'INTERNAL', detail: 'unexpected error' };
}

/** A function rendering a UiError (or a bare code) in the current UI language. */
export function useErrorText() {
  const { locale } = useI18n();
  return (error: UiError | ErrorCode, detail = ''): string => {
    const code = typeof error === 'string' ? error : error.code;
    const text = typeof error === 'string' ? detail : error.detail;
    return errorText(code, isLocale(locale.value) ? locale.value : 'en', text);
  };
}
