import type { Db } from '@campus/storage';
import Value from 'typebox/value';
import type { Actor } from '../actor.ts';
import { type AuditContext, recordAudit } from '../contexts/audit/repository.ts';
import { invalid, notFound } from '../errors.ts';
import type { AnyRule } from './types.ts';

/**
 * Per-site rule configuration (IOT-10): validated against each rule's schema, audited, and
 * read by the engine on every evaluation from memory, so a change applies without a restart.
 */
export class RuleConfigStore {
  readonly #db: Db;
  readonly #rules: Map<string, AnyRule>;
  #configs = new Map<string, unknown>();

  constructor(db: Db, rules: AnyRule[]) {
    this.#db = db;
    this.#rules = new Map(rules.map((rule) => [rule.id, rule]));
  }

  async load(): Promise<void> {
    const rows = await this.#db.query<{ rule_id: string; site: string; config: unknown }>(
      'SELECT rule_id, site, config FROM rule_configs',
    );
    this.#configs = new Map(rows.map((row) => [`${row.rule_id}|${row.site}`, row.config]));
  }

  /** The site's configuration of a rule: the defaults with the site's settings over them. */
  get(rule: AnyRule, site: string): unknown {
    const configured = this.#configs.get(`${rule.id}|${site}`);
    return configured === undefined ? rule.defaults : { ...(rule.defaults as object), ...(configured as object) };
  }

  configured(ruleId: string): Array<{ site: string; config: unknown }> {
    return [...this.#configs.entries()]
      .filter(([key]) => key.startsWith(`${ruleId}|`))
      .map(([key, config]) => ({ site: key.split('|')[1] ?? '', config }));
  }

  /** @throws AppError naming the first invalid setting. */
  async set(
    actor: Actor,
    ruleId: string,
    site: string,
    patch: Record<string, unknown>,
    context: AuditContext = {},
  ): Promise<unknown> {
    const rule = this.#rules.get(ruleId);
    if (!rule) throw notFound(`rule ${ruleId}`);
    const merged = { ...(rule.defaults as object), ...patch };
    const errors = Value.Errors(rule.configSchema, merged);
    const first = errors[0];
    if (first) throw invalid(first.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'config', first.message);
    const before = this.get(rule, site);
    await this.#db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO rule_configs (rule_id, site, config) VALUES ($1, $2, $3)
         ON CONFLICT (rule_id, site) DO UPDATE SET config = EXCLUDED.config, updated_at = now()`,
        [ruleId, site, JSON.stringify(patch)],
      );
      await recordAudit(
        tx,
        actor,
        { action: 'rule_config.set', entityType: 'rule_config', entityId: `${ruleId}@${site}`, before, after: merged },
        context,
      );
    });
    this.#configs.set(`${ruleId}|${site}`, patch);
    return merged;
  }
}
