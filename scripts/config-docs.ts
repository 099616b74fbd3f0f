import type { TObject, TSchema } from 'typebox';
import { HubConfigSchema } from '../hub/src/config.ts';

/**
 * Renders docs/configuration.md from the one configuration schema, so the documented
 * variables, defaults and descriptions cannot drift from what the process validates.
 */
export function renderConfigurationDoc(schema: TObject = HubConfigSchema): string {
  const rows = Object.entries(schema.properties as Record<string, TSchema & Record<string, unknown>>).map(([name, property]) => {
    const optional = !(schema.required ?? []).includes(name);
    const fallback = property.default === undefined ? (optional ? '(unset)' : '—') : `\`${String(property.default)}\``;
    const description = String(property.description ?? '').replaceAll('|', '\\|');
    return `| \`${name}\` | ${fallback} | ${description} |`;
  });
  return [
    '# Configuration',
    '',
    'Every setting is an environment variable, validated when the process starts: an invalid value',
    'stops the start with one line per problem, naming the variable. This file is generated from',
    '`hub/src/config.ts` and `gateway/src/config.ts` by `npm run docs:config`; a test fails when it is stale.',
    '',
    '| Variable | Default | Meaning |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.main) {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(new URL('../docs/configuration.md', import.meta.url), renderConfigurationDoc());
}
