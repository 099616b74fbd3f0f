import type { Queryable } from '@campus/storage';
import type { BidScore } from './evaluation.ts';
import type { EvaluationWeights } from './settings.ts';
import type { RfqStatus } from './vocabulary.ts';

export interface RfqRow {
  id: string | number;
  number: string;
  plan_line_id: string | number;
  title: string;
  method: 'rfq' | 'tender';
  weights: EvaluationWeights;
  required_qualifications: string[];
  deadline: Date;
  status: RfqStatus;
  awarded_bid_id: string | number | null;
  award_justification: string | null;
  cancel_reason: string | null;
  created_by: string | number | null;
  created_by_name: string;
  created_at: Date;
  evaluated_at: Date | null;
  awarded_at: Date | null;
  /** From the plan line: what is bought. */
  item_name: string;
  quantity: string | number;
  unit: string;
  estimated_amount: string | number;
}

export interface InvitationRow {
  supplier_id: string;
  supplier_name: string;
  invited_at: Date;
}

export interface BidRow {
  id: string | number;
  rfq_id: string | number;
  supplier_id: string;
  supplier_name: string;
  price: string | number;
  delivery_days: number;
  notes: string | null;
  recorded_by_name: string;
  submitted_at: Date;
  qualification_score: string | number | null;
  price_score: string | number | null;
  reputation_score: string | number | null;
  total_score: string | number | null;
  rank: number | null;
}

const RFQ_COLUMNS = `r.id, r.number, r.plan_line_id, r.title, r.method, r.weights, r.required_qualifications, r.deadline, r.status,
  r.awarded_bid_id, r.award_justification, r.cancel_reason, r.created_by, r.created_by_name, r.created_at, r.evaluated_at, r.awarded_at,
  l.item_name, l.quantity, l.unit, l.estimated_amount`;
const FROM_RFQS = 'procurement_rfqs r JOIN procurement_plan_lines l ON l.id = r.plan_line_id';
const BID_COLUMNS = `b.id, b.rfq_id, b.supplier_id, s.name AS supplier_name, b.price, b.delivery_days, b.notes, b.recorded_by_name,
  b.submitted_at, b.qualification_score, b.price_score, b.reputation_score, b.total_score, b.rank`;

/** The number is RFQ-<year>-<id>, taken from the id sequence so concurrent requests never collide. */
export async function insertRfq(
  tx: Queryable,
  input: {
    year: number;
    planLineId: number;
    title: string;
    method: 'rfq' | 'tender';
    weights: EvaluationWeights;
    requiredQualifications: string[];
    deadline: Date;
    createdBy: number | null;
    createdByName: string;
  },
): Promise<number> {
  const rows = await tx.query<{ id: string | number }>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('procurement_rfqs', 'id')) AS id)
     INSERT INTO procurement_rfqs (id, number, plan_line_id, title, method, weights, required_qualifications, deadline, created_by, created_by_name)
     SELECT n.id, 'RFQ-' || $1::text || '-' || lpad(n.id::text, 4, '0'), $2, $3, $4, $5, $6::text[], $7, $8, $9 FROM n RETURNING id`,
    [
      String(input.year),
      input.planLineId,
      input.title,
      input.method,
      JSON.stringify(input.weights),
      input.requiredQualifications,
      input.deadline,
      input.createdBy,
      input.createdByName,
    ],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('RFQ insert returned nothing');
  return Number(id);
}

export async function findRfq(q: Queryable, id: number): Promise<RfqRow | undefined> {
  return (await q.query<RfqRow>(`SELECT ${RFQ_COLUMNS} FROM ${FROM_RFQS} WHERE r.id = $1`, [id]))[0];
}

export async function lockRfq(tx: Queryable, id: number): Promise<RfqRow | undefined> {
  return (await tx.query<RfqRow>(`SELECT ${RFQ_COLUMNS} FROM ${FROM_RFQS} WHERE r.id = $1 FOR UPDATE OF r`, [id]))[0];
}

export async function liveRfqOfLine(q: Queryable, planLineId: number): Promise<RfqRow | undefined> {
  return (
    await q.query<RfqRow>(`SELECT ${RFQ_COLUMNS} FROM ${FROM_RFQS} WHERE r.plan_line_id = $1 AND r.status <> 'cancelled'`, [
      planLineId,
    ])
  )[0];
}

export interface RfqChanges {
  status?: RfqStatus | undefined;
  awarded_bid_id?: number | undefined;
  award_justification?: string | null | undefined;
  cancel_reason?: string | undefined;
  evaluated_at?: Date | undefined;
  awarded_at?: Date | undefined;
}

export async function updateRfq(tx: Queryable, id: number, changes: RfqChanges): Promise<RfqRow> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [column, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  if (sets.length > 0) await tx.query(`UPDATE procurement_rfqs SET ${sets.join(', ')} WHERE id = $1`, params);
  const row = await findRfq(tx, id);
  if (!row) throw new Error(`RFQ ${id} vanished during an update`);
  return row;
}

export function listRfqs(
  q: Queryable,
  filter: { status?: RfqStatus | undefined; planLineId?: number | undefined; beforeId?: number | undefined; limit: number },
): Promise<RfqRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.status !== undefined) add('r.status = ?', filter.status);
  if (filter.planLineId !== undefined) add('r.plan_line_id = ?', filter.planLineId);
  if (filter.beforeId !== undefined) add('r.id < ?', filter.beforeId);
  params.push(filter.limit);
  return q.query<RfqRow>(
    `SELECT ${RFQ_COLUMNS} FROM ${FROM_RFQS} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC LIMIT $${params.length}`,
    params,
  );
}

export async function insertInvitation(tx: Queryable, rfqId: number, supplierId: string): Promise<void> {
  await tx.query('INSERT INTO procurement_rfq_invitations (rfq_id, supplier_id) VALUES ($1, $2)', [rfqId, supplierId]);
}

export function invitationsOf(q: Queryable, rfqId: number): Promise<InvitationRow[]> {
  return q.query<InvitationRow>(
    `SELECT i.supplier_id, s.name AS supplier_name, i.invited_at FROM procurement_rfq_invitations i
     JOIN procurement_suppliers s ON s.id = i.supplier_id WHERE i.rfq_id = $1 ORDER BY i.supplier_id`,
    [rfqId],
  );
}

export async function insertBid(
  tx: Queryable,
  input: { rfqId: number; supplierId: string; price: number; deliveryDays: number; notes: string | null; recordedByName: string },
): Promise<number | undefined> {
  const rows = await tx.query<{ id: string | number }>(
    `INSERT INTO procurement_bids (rfq_id, supplier_id, price, delivery_days, notes, recorded_by_name) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (rfq_id, supplier_id) DO NOTHING RETURNING id`,
    [input.rfqId, input.supplierId, input.price, input.deliveryDays, input.notes, input.recordedByName],
  );
  const id = rows[0]?.id;
  return id === undefined ? undefined : Number(id);
}

/** Ranked bids first (by rank), then unranked in the order they came. */
export function bidsOf(q: Queryable, rfqId: number): Promise<BidRow[]> {
  return q.query<BidRow>(
    `SELECT ${BID_COLUMNS} FROM procurement_bids b JOIN procurement_suppliers s ON s.id = b.supplier_id
     WHERE b.rfq_id = $1 ORDER BY b.rank NULLS LAST, b.id`,
    [rfqId],
  );
}

export async function saveScore(tx: Queryable, score: BidScore): Promise<void> {
  await tx.query(
    `UPDATE procurement_bids SET qualification_score = $2, price_score = $3, reputation_score = $4, total_score = $5, rank = $6 WHERE id = $1`,
    [score.bidId, score.qualificationScore, score.priceScore, score.reputationScore, score.totalScore, score.rank],
  );
}
