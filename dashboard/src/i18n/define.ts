/** The two languages of the campus (REQUIREMENTS: user-facing text in English and Chinese). */
export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

/** A flat catalog: key → text with `{name}` placeholders. */
export type Messages = Readonly<Record<string, string>>;

/** A view's (or the shell's) messages in both languages; zh must have exactly the keys of en. */
export interface Catalog<E extends Messages = Messages> {
  en: E;
  zh: { readonly [K in keyof E]: string };
}

/**
 * Declares a catalog. The type makes a missing or extra Chinese key a compile error; the
 * completeness test also checks that placeholders match and nothing is empty.
 */
export function defineMessages<const E extends Messages>(catalog: {
  en: E;
  zh: { readonly [K in keyof E]: string };
}): Catalog<E> {
  return catalog;
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than silently empty. */
export function interpolate(template: string, vars?: Readonly<Record<string, string | number>>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}
