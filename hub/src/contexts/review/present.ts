import type { CorrectionRow, ItemRow } from './repository.ts';

export function presentItem(row: ItemRow) {
  return {
    id: Number(row.id),
    entityType: row.entity_type,
    entityId: row.entity_id,
    status: row.status,
    enteredBy: row.entered_by === null ? null : Number(row.entered_by),
    enteredByName: row.entered_by_name,
    enrolledAt: row.enrolled_at.toISOString(),
    reviewerName: row.reviewer_name,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    notes: row.notes,
  };
}

export function presentCorrection(row: CorrectionRow) {
  return {
    id: Number(row.id),
    before: row.before,
    after: row.after,
    notes: row.notes,
    correctedByName: row.corrected_by_name,
    correctedAt: row.corrected_at.toISOString(),
  };
}
