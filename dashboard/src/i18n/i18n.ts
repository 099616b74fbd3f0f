import { useCallback, useMemo } from 'react';
import { createStore, persisted, useStore } from '../lib/store.ts';
import { common } from './common.ts';
import { type Catalog, interpolate, LOCALES, type Locale, type Messages } from './define.ts';

const LOCALE_KEY = 'campus.locale';

function initialLocale(): Locale {
  const saved = persisted.read(LOCALE_KEY);
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  const browser = globalThis.navigator?.language ?? 'en';
  return browser.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const localeStore = createStore<Locale>(initialLocale());

/** Switches the language everywhere at once and remembers it on this device. */
export function setLocale(locale: Locale): void {
  persisted.write(LOCALE_KEY, locale);
  localeStore.set(locale);
  if (globalThis.document) document.documentElement.lang = BCP47[locale];
}

export function useLocale(): Locale {
  return useStore(localeStore);
}

/** Intl locale per UI language: Chinese as used on the mainland, English with 24-hour clock. */
export const BCP47: Record<Locale, string> = { en: 'en-GB', zh: 'zh-CN' };

export type Translate<E extends Messages> = (key: keyof E & string, vars?: Readonly<Record<string, string | number>>) => string;

export function translate<E extends Messages>(
  catalog: Catalog<E>,
  locale: Locale,
  key: keyof E & string,
  vars?: Readonly<Record<string, string | number>>,
): string {
  const text = catalog[locale][key] ?? catalog.en[key] ?? key;
  return interpolate(text, vars);
}

/** `t` for one catalog (a view's messages.ts, or `common`), re-rendering when the language changes. */
export function useT<E extends Messages>(catalog: Catalog<E>): Translate<E> {
  const locale = useLocale();
  return useCallback((key, vars) => translate(catalog, locale, key, vars), [catalog, locale]);
}

/** The shell's shared words (buttons, states, units). */
export function useCommon(): Translate<typeof common.en> {
  return useT(common);
}

/**
 * View catalogs by namespace (the folder name under src/views/), so the shell can translate a
 * route's `titleKey` without importing the view itself.
 */
const viewModules = import.meta.glob<{ messages: Catalog }>('../views/*/messages.ts', { eager: true });
export const VIEW_CATALOGS: Readonly<Record<string, Catalog>> = Object.fromEntries(
  Object.entries(viewModules).map(([path, module]) => [namespaceOf(path), module.messages]),
);

export function namespaceOf(path: string): string {
  return /\/views\/([^/]+)\//.exec(path)?.[1] ?? path;
}

export interface Formatters {
  locale: Locale;
  dateTime(value: string | number | Date | null | undefined): string;
  time(value: string | number | Date | null | undefined): string;
  date(value: string | number | Date | null | undefined): string;
  number(value: number | null | undefined, digits?: number): string;
  currency(value: number | null | undefined): string;
  percent(value: number | null | undefined): string;
  relative(value: string | number | Date | null | undefined, now?: number): string;
}

const DASH = '—';
const toDate = (value: string | number | Date) => (value instanceof Date ? value : new Date(value));

export function createFormatters(locale: Locale): Formatters {
  const tag = BCP47[locale];
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
  const currency = new Intl.NumberFormat(tag, { style: 'currency', currency: 'CNY' });
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 });
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberOf = (digits: number) => {
    let format = numbers.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(tag, { maximumFractionDigits: digits });
      numbers.set(digits, format);
    }
    return format;
  };
  const guard =
    (format: (d: Date) => string) =>
    (value: string | number | Date | null | undefined): string => {
      if (value === null || value === undefined || value === '') return DASH;
      const d = toDate(value);
      return Number.isNaN(d.getTime()) ? DASH : format(d);
    };
  return {
    locale,
    dateTime: guard((d) => dateTime.format(d)),
    time: guard((d) => time.format(d)),
    date: guard((d) => date.format(d)),
    number: (value, digits = 1) => (value === null || value === undefined ? DASH : numberOf(digits).format(value)),
    currency: (value) => (value === null || value === undefined ? DASH : currency.format(value)),
    percent: (value) => (value === null || value === undefined ? DASH : percent.format(value)),
    relative: (value, now = Date.now()) => {
      if (value === null || value === undefined) return DASH;
      const seconds = Math.round((toDate(value).getTime() - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 60) return relative.format(seconds, 'second');
      if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
      return relative.format(Math.round(seconds / 86_400), 'day');
    },
  };
}

/** Dates, numbers and money (CNY) in the current language. */
export function useFormat(): Formatters {
  const locale = useLocale();
  return useMemo(() => createFormatters(locale), [locale]);
}

/** Text the server sends in both languages ({en, zh} labels of vocabularies and rules). */
export function useLabel(): (label: { en: string; zh: string } | null | undefined) => string {
  const locale = useLocale();
  return useCallback((label) => (label ? label[locale] : DASH), [locale]);
}
