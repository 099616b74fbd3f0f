import type { Queryable } from '@campus/storage';
import type { AcceptanceGuard } from '../contexts/maintenance/service.ts';

/** Readings after the repair that must all be within limits before the fix is accepted. */
export const READINGS_TO_VERIFY = 5;

interface PredictiveEvidence {
  ruleId?: unknown;
  assetId?: unknown;
  metric?: unknown;
  limit?: { high?: number; low?: number } | null;
}

/**
 * IOT-9: a ticket raised from sensor readings is accepted only once the readings since the
 * technician marked it done are back within the limit (the ticket's verification), and then
 * the asset's learned baselines start afresh: the repaired machine is the new normal.
 */
export function sensorRecoveryGuard(onRecovered: (assetId: string, metric: string) => void): AcceptanceGuard {
  return {
    appliesTo(ticket) {
      const evidence = (ticket.evidence ?? {}) as PredictiveEvidence;
      return (
        evidence.ruleId === 'equipment.predictive' && typeof evidence.assetId === 'string' && typeof evidence.metric === 'string'
      );
    },
    async check(tx: Queryable, ticket) {
      const evidence = (ticket.evidence ?? {}) as PredictiveEvidence;
      const assetId = String(evidence.assetId);
      const metric = String(evidence.metric);
      const since = ticket.resolved_at;
      if (!since) return { ok: false, reason: 'the repair has not been marked done' };
      const readings = await tx.query<{ value: number }>(
        'SELECT value FROM sensor_readings WHERE asset_id = $1 AND metric = $2 AND ts > $3 ORDER BY ts DESC LIMIT 200',
        [assetId, metric, since],
      );
      if (readings.length < READINGS_TO_VERIFY) {
        return {
          ok: false,
          reason: `${readings.length} ${metric} readings since the repair; ${READINGS_TO_VERIFY} within limits are needed to verify it / 修复后读数不足`,
        };
      }
      const high = evidence.limit?.high;
      const low = evidence.limit?.low;
      const outside = readings.filter((r) => (high !== undefined && r.value >= high) || (low !== undefined && r.value <= low));
      if (outside.length > 0) {
        return {
          ok: false,
          reason: `${outside.length} of ${readings.length} ${metric} readings since the repair are still beyond the limit / 修复后读数仍超限`,
        };
      }
      onRecovered(assetId, metric);
      return { ok: true };
    },
  };
}
