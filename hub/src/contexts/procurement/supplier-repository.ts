import type { Queryable } from '@campus/storage';
import type { SupplierCategory, SupplierStatus } from './vocabulary.ts';

export interface SupplierRow {
  id: string;
  name: string;
  name_en: string | null;
  category: SupplierCategory;
  credit_code: string | null;
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  status: SupplierStatus;
  reputation: string | number;
  deliveries: number;
  on_time_deliveries: number;
  acceptances: number;
  passed_acceptances: number;
  complaints: number;
  created_at: Date;
  updated_at: Date;
}

export interface QualificationRow {
  id: string | number;
  supplier_id: string;
  kind: string;
  number: string;
  issued_on: string | null;
  expires_on: string | null;
}

export interface ReputationEventRow {
  id: string | number;
  at: Date;
  kind: 'delivery' | 'acceptance' | 'complaint';
  observation: string | number;
  reputation_before: string | number;
  reputation_after: string | number;
  ref: string | null;
}

const COLUMNS = `id, name, name_en, category, credit_code, contact_name, phone, email, address, status, reputation, deliveries,
  on_time_deliveries, acceptances, passed_acceptances, complaints, created_at, updated_at`;
const QUALIFICATION_COLUMNS = 'id, supplier_id, kind, number, issued_on::text AS issued_on, expires_on::text AS expires_on';

export interface NewSupplier {
  id: string;
  name: string;
  nameEn: string | null;
  category: SupplierCategory;
  creditCode: string | null;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  reputation: number;
}

export async function insertSupplier(tx: Queryable, s: NewSupplier): Promise<SupplierRow> {
  const rows = await tx.query<SupplierRow>(
    `INSERT INTO procurement_suppliers (id, name, name_en, category, credit_code, contact_name, phone, email, address, reputation)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
    [s.id, s.name, s.nameEn, s.category, s.creditCode, s.contactName, s.phone, s.email, s.address, s.reputation],
  );
  const row = rows[0];
  if (!row) throw new Error('supplier insert returned nothing');
  return row;
}

export async function findSupplier(q: Queryable, id: string): Promise<SupplierRow | undefined> {
  return (await q.query<SupplierRow>(`SELECT ${COLUMNS} FROM procurement_suppliers WHERE id = $1`, [id]))[0];
}

export async function findByCreditCode(q: Queryable, creditCode: string): Promise<SupplierRow | undefined> {
  return (await q.query<SupplierRow>(`SELECT ${COLUMNS} FROM procurement_suppliers WHERE credit_code = $1`, [creditCode]))[0];
}

export async function lockSupplier(tx: Queryable, id: string): Promise<SupplierRow | undefined> {
  return (await tx.query<SupplierRow>(`SELECT ${COLUMNS} FROM procurement_suppliers WHERE id = $1 FOR UPDATE`, [id]))[0];
}

export interface SupplierChanges {
  name?: string | undefined;
  name_en?: string | null | undefined;
  category?: SupplierCategory | undefined;
  credit_code?: string | null | undefined;
  contact_name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  address?: string | null | undefined;
  status?: SupplierStatus | undefined;
  reputation?: number | undefined;
  deliveries?: number | undefined;
  on_time_deliveries?: number | undefined;
  acceptances?: number | undefined;
  passed_acceptances?: number | undefined;
  complaints?: number | undefined;
}

export async function updateSupplier(tx: Queryable, id: string, changes: SupplierChanges): Promise<SupplierRow> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [column, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  const rows = await tx.query<SupplierRow>(
    `UPDATE procurement_suppliers SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    params,
  );
  const row = rows[0];
  if (!row) throw new Error(`supplier ${id} vanished during an update`);
  return row;
}

export interface SupplierFilter {
  category?: SupplierCategory | undefined;
  status?: SupplierStatus | undefined;
  /** Substring of the Chinese or English name, or the code. */
  search?: string | undefined;
  /** Only suppliers holding a qualification that expires on or before this date (renewal list). */
  expiringBy?: string | undefined;
  afterId?: string | undefined;
  limit: number;
}

/** By code, ascending (the register reads like a directory). */
export function listSuppliers(q: Queryable, filter: SupplierFilter): Promise<SupplierRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (filter.category !== undefined) add('category = ?', filter.category);
  if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.search !== undefined) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add('(name ILIKE ? OR name_en ILIKE ? OR id ILIKE ?)', like);
  }
  if (filter.expiringBy !== undefined)
    add(
      'EXISTS (SELECT 1 FROM procurement_supplier_qualifications q WHERE q.supplier_id = procurement_suppliers.id AND q.expires_on <= ?)',
      filter.expiringBy,
    );
  if (filter.afterId !== undefined) add('id > ?', filter.afterId);
  params.push(filter.limit);
  return q.query<SupplierRow>(
    `SELECT ${COLUMNS} FROM procurement_suppliers ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT $${params.length}`,
    params,
  );
}

export function qualificationsOf(q: Queryable, supplierIds: readonly string[]): Promise<QualificationRow[]> {
  if (supplierIds.length === 0) return Promise.resolve([]);
  return q.query<QualificationRow>(
    `SELECT ${QUALIFICATION_COLUMNS} FROM procurement_supplier_qualifications WHERE supplier_id = ANY($1::text[])
     ORDER BY supplier_id, kind, expires_on NULLS FIRST, id`,
    [supplierIds],
  );
}

export async function insertQualification(
  tx: Queryable,
  input: { supplierId: string; kind: string; number: string; issuedOn: string | null; expiresOn: string | null },
): Promise<QualificationRow | undefined> {
  return (
    await tx.query<QualificationRow>(
      `INSERT INTO procurement_supplier_qualifications (supplier_id, kind, number, issued_on, expires_on) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (supplier_id, kind, number) DO NOTHING RETURNING ${QUALIFICATION_COLUMNS}`,
      [input.supplierId, input.kind, input.number, input.issuedOn, input.expiresOn],
    )
  )[0];
}

export async function insertReputationEvent(
  tx: Queryable,
  input: {
    supplierId: string;
    kind: ReputationEventRow['kind'];
    observation: number;
    before: number;
    after: number;
    ref: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO procurement_reputation_events (supplier_id, kind, observation, reputation_before, reputation_after, ref)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [input.supplierId, input.kind, input.observation, input.before, input.after, input.ref],
  );
}

export function reputationEventsOf(q: Queryable, supplierId: string, limit: number): Promise<ReputationEventRow[]> {
  return q.query<ReputationEventRow>(
    `SELECT id, at, kind, observation, reputation_before, reputation_after, ref FROM procurement_reputation_events
     WHERE supplier_id = $1 ORDER BY id DESC LIMIT $2`,
    [supplierId, limit],
  );
}
