import type { Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';

type Num = string | number;

export type ReviewStatus = 'pending' | 'passed' | 'corrected';

export interface PolicyRow {
  entity_type: string;
  sample_rate: Num;
}

export interface ItemRow {
  id: Num;
  entity_type: string;
  entity_id: string;
  status: ReviewStatus;
  entered_by: Num | null;
  entered_by_name: string;
  enrolled_at: Date;
  reviewer_id: Num | null;
  reviewer_name: string | null;
  reviewed_at: Date | null;
  notes: string | null;
}

export interface CorrectionRow {
  id: Num;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  notes: string | null;
  corrected_by_name: string;
  corrected_at: Date;
}

const ITEM_COLUMNS =
  'id, entity_type, entity_id, status, entered_by, entered_by_name, enrolled_at, reviewer_id, reviewer_name, reviewed_at, notes';

function one<Row>(rows: Row[], what: string): Row {
  const row = rows[0];
  if (!row) throw new Error(`${what} returned nothing`);
  return row;
}

export async function findPolicy(q: Queryable, entityType: string): Promise<number | undefined> {
  const row = (
    await q.query<PolicyRow>('SELECT entity_type, sample_rate FROM review_policies WHERE entity_type = $1', [entityType])
  )[0];
  return row === undefined ? undefined : Number(row.sample_rate);
}

export function listPolicies(q: Queryable): Promise<PolicyRow[]> {
  return q.query<PolicyRow>('SELECT entity_type, sample_rate FROM review_policies ORDER BY entity_type');
}

export async function savePolicy(q: Queryable, entityType: string, rate: number, by: number | null): Promise<void> {
  await q.query(
    `INSERT INTO review_policies (entity_type, sample_rate, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (entity_type) DO UPDATE SET sample_rate = EXCLUDED.sample_rate, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [entityType, rate, by],
  );
}

/** @returns the new item, or undefined when the record is enrolled already. */
export async function enrol(q: Queryable, entityType: string, entityId: string, actor: Actor): Promise<ItemRow | undefined> {
  return (
    await q.query<ItemRow>(
      `INSERT INTO review_items (entity_type, entity_id, status, entered_by, entered_by_name) VALUES ($1, $2, 'pending', $3, $4)
       ON CONFLICT (entity_type, entity_id) DO NOTHING RETURNING ${ITEM_COLUMNS}`,
      [entityType, entityId, actor.userId, actor.name],
    )
  )[0];
}

export async function findItem(q: Queryable, id: number, lock = false): Promise<ItemRow | undefined> {
  return (await q.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM review_items WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
}

export async function itemOf(q: Queryable, entityType: string, entityId: string): Promise<ItemRow | undefined> {
  return (
    await q.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM review_items WHERE entity_type = $1 AND entity_id = $2`, [
      entityType,
      entityId,
    ])
  )[0];
}

export function listItems(
  q: Queryable,
  f: { status?: ReviewStatus | undefined; entityType?: string | undefined; afterId?: number | undefined; limit: number },
): Promise<ItemRow[]> {
  return q.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM review_items WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR entity_type = $2)
       AND ($3::bigint IS NULL OR id > $3) ORDER BY id LIMIT $4`,
    [f.status ?? null, f.entityType ?? null, f.afterId ?? null, f.limit],
  );
}

export async function markReviewed(
  q: Queryable,
  id: number,
  status: ReviewStatus,
  actor: Actor,
  notes: string | null,
): Promise<ItemRow> {
  return one(
    await q.query<ItemRow>(
      `UPDATE review_items SET status = $2, reviewer_id = $3, reviewer_name = $4, reviewed_at = now(), notes = COALESCE($5, notes)
       WHERE id = $1 RETURNING ${ITEM_COLUMNS}`,
      [id, status, actor.userId, actor.name, notes],
    ),
    'update review_items',
  );
}

export async function insertCorrection(
  q: Queryable,
  c: { itemId: number; before: unknown; after: unknown; notes: string | null; actor: Actor },
): Promise<CorrectionRow> {
  return one(
    await q.query<CorrectionRow>(
      `INSERT INTO review_corrections (item_id, before, after, notes, corrected_by, corrected_by_name) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, before, after, notes, corrected_by_name, corrected_at`,
      [c.itemId, JSON.stringify(c.before), JSON.stringify(c.after), c.notes, c.actor.userId, c.actor.name],
    ),
    'insert into review_corrections',
  );
}

export function correctionsOf(q: Queryable, itemId: number): Promise<CorrectionRow[]> {
  return q.query<CorrectionRow>(
    'SELECT id, before, after, notes, corrected_by_name, corrected_at FROM review_corrections WHERE item_id = $1 ORDER BY id',
    [itemId],
  );
}
