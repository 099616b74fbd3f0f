import type { Migration } from '@campus/storage';

export const RULES_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'rule state, configuration and the engine watermark',
    up: () => `
      CREATE TABLE rule_state (
        rule_id text NOT NULL,
        site text NOT NULL,
        key text NOT NULL,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rule_id, site, key)
      );
      CREATE TABLE rule_configs (
        rule_id text NOT NULL,
        site text NOT NULL,
        config jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rule_id, site)
      );
      CREATE TABLE rule_watermarks (
        kind text PRIMARY KEY,
        received_at timestamptz NOT NULL
      );`,
  },
];
