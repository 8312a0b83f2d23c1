/**
 * vue-i18n set-up: English and Russian, the choice persisted in localStorage and defaulting to the
 * browser's language. Composition mode only (no legacy API), so messages compile without eval and
 * the strict CSP holds.
 */
import { createI18n } from 'vue-i18n';
import type { Locale } from '../contract';
import { en, type Messages } from './en';
import { ru } from './ru';

export const LOCALES: readonly Locale[] = ['en', 'ru'];
export const LOCALE_STORAGE_KEY = 'custodian.locale';
export const MESSAGES: Record<Locale, Messages> = { en, ru };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The saved choice if there is one, else the first supported browser language, else English. */
export function pickLocale(saved: string | null, languages: readonly string[]): Locale {
  if (isLocale(saved)) return saved;
  for (const lang of languages) {
    const base = lang.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/**
 * Russian plural forms for messages with four choices: `zero | one | few | many`
 * (0 устройств → «нет устройств», 1/21 устройство, 2–4/22–24 устройства, 5–20/25 устройств).
 */
export function ruPlural(choice: number, choicesLength: number): number {
  const n = Math.abs(choice);
  const offset = choicesLength === 4 ? 1 : 0;
  if (offset && n === 0) return 0;
  const mod10 = n % 10;
  const mod100 = n % 100;
  let form: number;
  if (mod10 === 1 && mod100 !== 11) form = 0;
  else if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) form = 1;
  else form = 2;
  return Math.min(form + offset, choicesLength - 1);
}

export function createAppI18n(locale: Locale) {
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: MESSAGES,
    pluralRules: { ru: ruPlural },
    missingWarn: import.meta.env.DEV,
    fallbackWarn: import.meta.env.DEV,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

/** Reads the saved locale; storage may be unavailable (privacy modes), which is not an error. */
export function savedLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Remembers the UI language and keeps `<html lang>` right for screen readers and hyphenation. */
export function rememberLocale(locale: Locale): void {
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not persisted this time; the switch itself still works.
  }
}
