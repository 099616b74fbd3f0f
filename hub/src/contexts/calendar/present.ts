import { PERIOD_KIND_LABELS } from './lookup.ts';
import type { PeriodRow } from './repository.ts';
import { toPeriod } from './service.ts';

export function presentPeriod(row: PeriodRow) {
  const period = toPeriod(row);
  return {
    ...period,
    kindLabel: PERIOD_KIND_LABELS[period.kind],
    note: row.note,
    updatedAt: row.updated_at.toISOString(),
  };
}
