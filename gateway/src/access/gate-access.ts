import type { Queryable } from '@campus/storage';
import type { Logger } from 'pino';

export interface GateDecision {
  allowed: boolean;
  reason: string;
}

const UNDEFINED_TABLE = '42P01';

/**
 * Answers a gate's "may this card pass?" (DRM-6) from the view `gate_card_access(card_id,
 * gate_device_id, allowed, reason)` that the dormitories context maintains. Every request
 * reads the database, so a revoked card is refused from the moment the revocation commits.
 * Without an answer (no access list yet, database down) the gateway says no and why; what a
 * gate does then (its offline list) is the gate's configuration, not ours.
 */
export class GateAccess {
  readonly #db: Queryable;
  readonly #log: Logger;

  constructor(db: Queryable, log: Logger) {
    this.#db = db;
    this.#log = log;
  }

  async decide(cardId: string, gateDeviceId: string): Promise<GateDecision> {
    try {
      const rows = await this.#db.query<{ allowed: boolean; reason: string | null }>(
        'SELECT allowed, reason FROM gate_card_access WHERE card_id = $1 AND gate_device_id = $2 LIMIT 1',
        [cardId, gateDeviceId],
      );
      const row = rows[0];
      if (!row) return { allowed: false, reason: 'unknown_card' };
      return { allowed: row.allowed, reason: row.allowed ? 'granted' : (row.reason ?? 'not_allowed') };
    } catch (err) {
      if ((err as { code?: unknown }).code !== UNDEFINED_TABLE)
        this.#log.warn({ err: String(err), gateDeviceId }, 'gate access lookup failed');
      return { allowed: false, reason: 'access_list_unavailable' };
    }
  }
}
