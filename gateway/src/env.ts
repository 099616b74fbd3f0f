import type { Static, TObject } from 'typebox';
import Value from 'typebox/value';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses environment variables against a TypeBox schema: converts strings to the declared
 * types, applies the schema's defaults, and reports every violation at once (STYLE 11).
 * Empty strings count as unset so `FOO=` falls back to the default.
 * @throws ConfigError naming each offending variable and why.
 */
export function parseEnv<Schema extends TObject>(
  schema: Schema,
  env: Readonly<Record<string, string | undefined>>,
): Static<Schema> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Convert(schema, Value.Default(schema, raw));
  const problems = Value.Errors(schema, converted).map((error) => {
    const key = error.instancePath.replace(/^\//, '') || '(root)';
    return `${key}: ${error.message} (got ${JSON.stringify(raw[key] ?? null)})`;
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return converted as Static<Schema>;
}
