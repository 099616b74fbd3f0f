import type { Queryable } from '@campus/storage';

type Num = string | number;

function one<Row>(rows: Row[], what: string): Row {
  const row = rows[0];
  if (!row) throw new Error(`${what} returned nothing`);
  return row;
}

// ── borrowing (AST-4) ───────────────────────────────────────────────────────

export type BorrowingStatus = 'pending' | 'rejected' | 'cancelled' | 'borrowed' | 'returned';

export interface BorrowingRow {
  id: Num;
  asset_id: string;
  borrower_id: Num | null;
  borrower_name: string;
  department_id: string | null;
  purpose: string;
  due_on: string;
  status: BorrowingStatus;
  approval_request_id: Num | null;
  decision_note: string | null;
  requested_at: Date;
  lent_at: Date | null;
  returned_at: Date | null;
  return_condition: string | null;
}

const BORROWING_COLUMNS =
  'id, asset_id, borrower_id, borrower_name, department_id, purpose, due_on::text AS due_on, status, approval_request_id, ' +
  'decision_note, requested_at, lent_at, returned_at, return_condition';

export async function insertBorrowing(
  q: Queryable,
  b: {
    assetId: string;
    borrowerId: number | null;
    borrowerName: string;
    departmentId: string | null;
    purpose: string;
    dueOn: string;
  },
): Promise<BorrowingRow> {
  return one(
    await q.query<BorrowingRow>(
      `INSERT INTO asset_borrowings (asset_id, borrower_id, borrower_name, department_id, purpose, due_on, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending') RETURNING ${BORROWING_COLUMNS}`,
      [b.assetId, b.borrowerId, b.borrowerName, b.departmentId, b.purpose, b.dueOn],
    ),
    'insert into asset_borrowings',
  );
}

export async function findBorrowing(q: Queryable, id: number, lock = false): Promise<BorrowingRow | undefined> {
  return (
    await q.query<BorrowingRow>(`SELECT ${BORROWING_COLUMNS} FROM asset_borrowings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
      id,
    ])
  )[0];
}

export async function updateBorrowing(
  q: Queryable,
  id: number,
  c: {
    status: BorrowingStatus;
    approvalRequestId?: number;
    note?: string | null;
    lent?: boolean;
    returned?: boolean;
    condition?: string;
    returnedTo?: number | null;
  },
): Promise<BorrowingRow> {
  return one(
    await q.query<BorrowingRow>(
      `UPDATE asset_borrowings SET status = $2,
         approval_request_id = COALESCE($3, approval_request_id),
         decision_note = COALESCE($4, decision_note),
         lent_at = CASE WHEN $5 THEN now() ELSE lent_at END,
         returned_at = CASE WHEN $6 THEN now() ELSE returned_at END,
         return_condition = COALESCE($7, return_condition),
         returned_to = COALESCE($8, returned_to)
       WHERE id = $1 RETURNING ${BORROWING_COLUMNS}`,
      [
        id,
        c.status,
        c.approvalRequestId ?? null,
        c.note ?? null,
        c.lent ?? false,
        c.returned ?? false,
        c.condition ?? null,
        c.returnedTo ?? null,
      ],
    ),
    'update asset_borrowings',
  );
}

export function borrowingsOf(q: Queryable, assetId: string, limit: number, beforeId?: number): Promise<BorrowingRow[]> {
  return q.query<BorrowingRow>(
    `SELECT ${BORROWING_COLUMNS} FROM asset_borrowings WHERE asset_id = $1 AND ($2::bigint IS NULL OR id < $2)
     ORDER BY id DESC LIMIT $3`,
    [assetId, beforeId ?? null, limit],
  );
}

// ── transfers (AST-5) ───────────────────────────────────────────────────────

export type TransferStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

export interface TransferRow {
  id: Num;
  asset_id: string;
  from_department_id: string;
  to_department_id: string;
  to_location: string | null;
  reason: string;
  status: TransferStatus;
  approval_request_id: Num | null;
  requested_by: Num | null;
  requested_at: Date;
  decided_at: Date | null;
  decision_note: string | null;
}

const TRANSFER_COLUMNS =
  'id, asset_id, from_department_id, to_department_id, to_location, reason, status, approval_request_id, requested_by, requested_at, decided_at, decision_note';

export async function insertTransfer(
  q: Queryable,
  t: { assetId: string; from: string; to: string; toLocation: string | null; reason: string; by: number | null },
): Promise<TransferRow> {
  return one(
    await q.query<TransferRow>(
      `INSERT INTO asset_transfers (asset_id, from_department_id, to_department_id, to_location, reason, status, requested_by)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING ${TRANSFER_COLUMNS}`,
      [t.assetId, t.from, t.to, t.toLocation, t.reason, t.by],
    ),
    'insert into asset_transfers',
  );
}

export async function findTransfer(q: Queryable, id: number): Promise<TransferRow | undefined> {
  return (await q.query<TransferRow>(`SELECT ${TRANSFER_COLUMNS} FROM asset_transfers WHERE id = $1`, [id]))[0];
}

export async function updateTransfer(
  q: Queryable,
  id: number,
  c: { status: TransferStatus; approvalRequestId?: number; note?: string | null },
): Promise<TransferRow> {
  return one(
    await q.query<TransferRow>(
      `UPDATE asset_transfers SET status = $2, approval_request_id = COALESCE($3, approval_request_id),
         decision_note = COALESCE($4, decision_note), decided_at = CASE WHEN $2 = 'pending' THEN decided_at ELSE now() END
       WHERE id = $1 RETURNING ${TRANSFER_COLUMNS}`,
      [id, c.status, c.approvalRequestId ?? null, c.note ?? null],
    ),
    'update asset_transfers',
  );
}

export function transfersOf(q: Queryable, assetId: string): Promise<TransferRow[]> {
  return q.query<TransferRow>(`SELECT ${TRANSFER_COLUMNS} FROM asset_transfers WHERE asset_id = $1 ORDER BY id DESC LIMIT 200`, [
    assetId,
  ]);
}

// ── disposals (AST-8, AST-9) ────────────────────────────────────────────────

export type DisposalStatus = 'pending' | 'approved' | 'rejected' | 'cancelled' | 'executed';
export type DisposalMethod = 'sale' | 'donation' | 'destruction' | 'write_off';

export interface DisposalRow {
  id: Num;
  asset_id: string;
  reason: string;
  condition: string;
  status: DisposalStatus;
  approval_request_id: Num | null;
  stocktake_id: Num | null;
  requested_by: Num | null;
  requested_at: Date;
  decided_at: Date | null;
  decision_note: string | null;
  method: DisposalMethod | null;
  proceeds: Num | null;
  buyer: string | null;
  recipient: string | null;
  destruction_method: string | null;
  witness: string | null;
  executed_on: string | null;
  execution_notes: string | null;
  executed_by: Num | null;
  executed_at: Date | null;
}

const DISPOSAL_COLUMNS =
  'id, asset_id, reason, condition, status, approval_request_id, stocktake_id, requested_by, requested_at, decided_at, decision_note, ' +
  'method, proceeds, buyer, recipient, destruction_method, witness, executed_on::text AS executed_on, execution_notes, executed_by, executed_at';

export async function insertDisposal(
  q: Queryable,
  d: { assetId: string; reason: string; condition: string; stocktakeId: number | null; by: number | null },
): Promise<DisposalRow> {
  return one(
    await q.query<DisposalRow>(
      `INSERT INTO asset_disposals (asset_id, reason, condition, status, stocktake_id, requested_by)
       VALUES ($1, $2, $3, 'pending', $4, $5) RETURNING ${DISPOSAL_COLUMNS}`,
      [d.assetId, d.reason, d.condition, d.stocktakeId, d.by],
    ),
    'insert into asset_disposals',
  );
}

export async function findDisposal(q: Queryable, id: number, lock = false): Promise<DisposalRow | undefined> {
  return (
    await q.query<DisposalRow>(`SELECT ${DISPOSAL_COLUMNS} FROM asset_disposals WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  )[0];
}

export async function decideDisposal(
  q: Queryable,
  id: number,
  c: { status: DisposalStatus; approvalRequestId?: number; note?: string | null },
): Promise<DisposalRow> {
  return one(
    await q.query<DisposalRow>(
      `UPDATE asset_disposals SET status = $2, approval_request_id = COALESCE($3, approval_request_id),
         decision_note = COALESCE($4, decision_note), decided_at = CASE WHEN $2 = 'pending' THEN decided_at ELSE now() END
       WHERE id = $1 RETURNING ${DISPOSAL_COLUMNS}`,
      [id, c.status, c.approvalRequestId ?? null, c.note ?? null],
    ),
    'update asset_disposals',
  );
}

export interface DisposalExecution {
  method: DisposalMethod;
  proceeds: number | null;
  buyer: string | null;
  recipient: string | null;
  destructionMethod: string | null;
  witness: string | null;
  executedOn: string;
  notes: string | null;
  by: number | null;
}

export async function executeDisposal(q: Queryable, id: number, e: DisposalExecution): Promise<DisposalRow> {
  return one(
    await q.query<DisposalRow>(
      `UPDATE asset_disposals SET status = 'executed', method = $2, proceeds = $3, buyer = $4, recipient = $5,
         destruction_method = $6, witness = $7, executed_on = $8, execution_notes = $9, executed_by = $10, executed_at = now()
       WHERE id = $1 RETURNING ${DISPOSAL_COLUMNS}`,
      [id, e.method, e.proceeds, e.buyer, e.recipient, e.destructionMethod, e.witness, e.executedOn, e.notes, e.by],
    ),
    'execute asset_disposals',
  );
}

export function disposalsOf(q: Queryable, assetId: string): Promise<DisposalRow[]> {
  return q.query<DisposalRow>(`SELECT ${DISPOSAL_COLUMNS} FROM asset_disposals WHERE asset_id = $1 ORDER BY id DESC LIMIT 100`, [
    assetId,
  ]);
}

export function listDisposals(
  q: Queryable,
  status: DisposalStatus | undefined,
  limit: number,
  beforeId?: number,
): Promise<DisposalRow[]> {
  return q.query<DisposalRow>(
    `SELECT ${DISPOSAL_COLUMNS} FROM asset_disposals WHERE ($1::text IS NULL OR status = $1) AND ($2::bigint IS NULL OR id < $2)
     ORDER BY id DESC LIMIT $3`,
    [status ?? null, beforeId ?? null, limit],
  );
}
