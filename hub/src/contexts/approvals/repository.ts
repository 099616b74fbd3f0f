import type { Role } from '@campus/protocol';
import type { Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';

export interface ApprovalStep {
  role: Role;
  label: string;
  labelZh?: string;
  /** any: whoever holds the role; requester_department / payload_department: only within that department. */
  scope?: 'any' | 'requester_department' | 'payload_department';
}

export interface ApprovalRequestRow {
  id: string | number;
  kind: string;
  subject_type: string;
  subject_id: string;
  title: string;
  requested_by: string | number | null;
  requester_name: string;
  requester_department: string | null;
  steps: ApprovalStep[];
  current_step: number;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  payload: Record<string, unknown>;
  created_at: Date;
  decided_at: Date | null;
}

export interface ApprovalActionRow {
  id: string | number;
  step: number;
  actor_id: string | number | null;
  actor_name: string;
  decision: string;
  comment: string | null;
  at: Date;
}

const COLUMNS =
  'id, kind, subject_type, subject_id, title, requested_by, requester_name, requester_department, steps, current_step, status, payload, created_at, decided_at';

function one(rows: ApprovalRequestRow[]): ApprovalRequestRow {
  const row = rows[0];
  if (!row) throw new Error('approval request statement returned nothing');
  return row;
}

export async function findChain(q: Queryable, kind: string): Promise<ApprovalStep[] | undefined> {
  return (await q.query<{ steps: ApprovalStep[] }>('SELECT steps FROM approval_chains WHERE kind = $1', [kind]))[0]?.steps;
}

export async function saveChain(tx: Queryable, kind: string, steps: ApprovalStep[]): Promise<void> {
  await tx.query(
    `INSERT INTO approval_chains (kind, steps) VALUES ($1, $2) ON CONFLICT (kind) DO UPDATE SET steps = EXCLUDED.steps, updated_at = now()`,
    [kind, JSON.stringify(steps)],
  );
}

export async function findPending(
  q: Queryable,
  kind: string,
  subjectType: string,
  subjectId: string,
): Promise<ApprovalRequestRow | undefined> {
  return (
    await q.query<ApprovalRequestRow>(
      `SELECT ${COLUMNS} FROM approval_requests WHERE kind = $1 AND subject_type = $2 AND subject_id = $3 AND status = 'pending'`,
      [kind, subjectType, subjectId],
    )
  )[0];
}

export async function insertRequest(
  tx: Queryable,
  input: {
    kind: string;
    subjectType: string;
    subjectId: string;
    title: string;
    requestedBy: number | null;
    requesterName: string;
    requesterDepartment: string | null;
    steps: ApprovalStep[];
    payload: Record<string, unknown>;
  },
): Promise<ApprovalRequestRow> {
  return one(
    await tx.query<ApprovalRequestRow>(
      `INSERT INTO approval_requests (kind, subject_type, subject_id, title, requested_by, requester_name, requester_department, steps, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        input.kind,
        input.subjectType,
        input.subjectId,
        input.title,
        input.requestedBy,
        input.requesterName,
        input.requesterDepartment,
        JSON.stringify(input.steps),
        JSON.stringify(input.payload),
      ],
    ),
  );
}

export async function insertAction(
  tx: Queryable,
  input: { requestId: number; step: number; actor: Actor; decision: string; comment: string | null },
): Promise<void> {
  await tx.query(
    'INSERT INTO approval_actions (request_id, step, actor_id, actor_name, decision, comment) VALUES ($1, $2, $3, $4, $5, $6)',
    [input.requestId, input.step, input.actor.userId, input.actor.name, input.decision, input.comment],
  );
}

export async function findRequest(q: Queryable, id: number): Promise<ApprovalRequestRow | undefined> {
  return (await q.query<ApprovalRequestRow>(`SELECT ${COLUMNS} FROM approval_requests WHERE id = $1`, [id]))[0];
}

export async function lockRequest(tx: Queryable, id: number): Promise<ApprovalRequestRow | undefined> {
  return (await tx.query<ApprovalRequestRow>(`SELECT ${COLUMNS} FROM approval_requests WHERE id = $1 FOR UPDATE`, [id]))[0];
}

export async function advance(tx: Queryable, id: number): Promise<ApprovalRequestRow> {
  return one(
    await tx.query<ApprovalRequestRow>(
      `UPDATE approval_requests SET current_step = current_step + 1 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    ),
  );
}

export async function finish(
  tx: Queryable,
  id: number,
  status: 'approved' | 'rejected' | 'cancelled',
): Promise<ApprovalRequestRow> {
  return one(
    await tx.query<ApprovalRequestRow>(
      `UPDATE approval_requests SET status = $2, decided_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, status],
    ),
  );
}

export async function actionsOf(q: Queryable, requestId: number): Promise<ApprovalActionRow[]> {
  return q.query<ApprovalActionRow>(
    'SELECT id, step, actor_id, actor_name, decision, comment, at FROM approval_actions WHERE request_id = $1 ORDER BY id',
    [requestId],
  );
}

/** Pending requests whose current step the actor may take (admin: all), oldest first. */
export async function inbox(q: Queryable, actor: Actor, limit: number, afterId?: number): Promise<ApprovalRequestRow[]> {
  return q.query<ApprovalRequestRow>(
    `SELECT ${COLUMNS} FROM approval_requests r
     WHERE status = 'pending' AND ($4::bigint IS NULL OR id > $4)
       AND (requested_by IS NULL OR requested_by <> COALESCE($3::bigint, -1))
       AND ($1 OR (
         (steps -> current_step ->> 'role') = ANY ($2::text[])
         AND CASE COALESCE(steps -> current_step ->> 'scope', 'any')
               WHEN 'requester_department' THEN requester_department = $5
               WHEN 'payload_department' THEN payload ->> 'departmentId' = $5
               ELSE true END))
     ORDER BY id LIMIT $6`,
    [actor.roles.includes('admin'), actor.roles, actor.userId, afterId ?? null, actor.departmentId, limit],
  );
}

export async function byRequester(q: Queryable, userId: number, limit: number, beforeId?: number): Promise<ApprovalRequestRow[]> {
  return q.query<ApprovalRequestRow>(
    `SELECT ${COLUMNS} FROM approval_requests WHERE requested_by = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [userId, beforeId ?? null, limit],
  );
}
