import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { storeImportRows } from '../../http/csv-import-store.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { isCalendarDate } from './dates.ts';
import { recordChange } from './history.ts';
import { QUALIFICATION_KIND } from './qualifications.ts';
import { observationScore, type ReputationObservation, updateReputation } from './reputation.ts';
import type { ProcurementSettings } from './settings.ts';
import { CREDIT_CODE, EMAIL, PHONE, parseSupplierCsv, type Rejection, SUPPLIER_CODE } from './supplier-csv.ts';
import type { QualificationRow, SupplierFilter, SupplierRow } from './supplier-repository.ts';
import * as repo from './supplier-repository.ts';
import { SUPPLIER_CATEGORIES, type SupplierCategory, type SupplierStatus } from './vocabulary.ts';

export const SUPPLIER = 'procurement_supplier';

export interface QualificationInput {
  kind: string;
  number: string;
  issuedOn?: string | null | undefined;
  expiresOn?: string | null | undefined;
}

export interface SupplierInput {
  id: string;
  name: string;
  nameEn?: string | null | undefined;
  category: SupplierCategory;
  creditCode?: string | null | undefined;
  contactName?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  address?: string | null | undefined;
  qualifications?: QualificationInput[] | undefined;
}

export type SupplierEdit = Partial<Omit<SupplierInput, 'id' | 'qualifications'>> & { status?: SupplierStatus | undefined };

export interface SupplierImportReport {
  kind: 'suppliers';
  dryRun: boolean;
  imported: boolean;
  total: number;
  accepted: number;
  rejected: Rejection[];
  ids: string[];
}

const blank = (value: string | null | undefined) => {
  const t = value?.trim();
  return t ? t : null;
};

function snapshot(row: SupplierRow) {
  return {
    name: row.name,
    nameEn: row.name_en,
    category: row.category,
    creditCode: row.credit_code,
    contactName: row.contact_name,
    phone: row.phone,
    email: row.email,
    address: row.address,
    status: row.status,
    reputation: Number(row.reputation),
  };
}

function checkContact(input: SupplierEdit): void {
  if (input.name !== undefined && !input.name.trim()) throw invalid('name', 'must not be empty');
  if (input.category !== undefined && !(SUPPLIER_CATEGORIES as readonly string[]).includes(input.category))
    throw invalid('category', 'must be food, equipment, services or other');
  if (input.creditCode != null && input.creditCode !== '' && !CREDIT_CODE.test(input.creditCode))
    throw invalid('creditCode', 'must be an 18-character unified social credit code');
  if (input.phone != null && input.phone !== '' && !PHONE.test(input.phone)) throw invalid('phone', 'must be a phone number');
  if (input.email != null && input.email !== '' && !EMAIL.test(input.email)) throw invalid('email', 'must be an e-mail address');
}

function checkQualification(q: QualificationInput, field: string): void {
  if (!QUALIFICATION_KIND.test(q.kind)) throw invalid(`${field}.kind`, 'must be a lower-case key like business_license');
  if (!q.number.trim()) throw invalid(`${field}.number`, 'must not be empty');
  if (q.issuedOn != null && !isCalendarDate(q.issuedOn)) throw invalid(`${field}.issuedOn`, 'must be a date YYYY-MM-DD');
  if (q.expiresOn != null && !isCalendarDate(q.expiresOn)) throw invalid(`${field}.expiresOn`, 'must be a date YYYY-MM-DD');
  if (q.issuedOn != null && q.expiresOn != null && q.expiresOn < q.issuedOn)
    throw invalid(`${field}.expiresOn`, 'must not be before issuedOn');
}

/**
 * The supplier register (PRC-5): identity and contact, qualifications with their expiry, and a
 * reputation that learns from every delivery and acceptance (reputation.ts); CSV import (SYS-3).
 */
export class SupplierService {
  readonly #db: Db;
  readonly #settings: ProcurementSettings;

  constructor(db: Db, settings: ProcurementSettings) {
    this.#db = db;
    this.#settings = settings;
  }

  /** @throws AppError conflict when the code or the credit code is taken. */
  async create(actor: Actor, input: SupplierInput, context: AuditContext = {}, tx?: Queryable): Promise<SupplierRow> {
    if (!SUPPLIER_CODE.test(input.id)) throw invalid('id', 'must be 1-64 letters, digits, . _ - (starting alphanumeric)');
    checkContact(input);
    (input.qualifications ?? []).forEach((q, i) => {
      checkQualification(q, `qualifications.${i}`);
    });
    const work = async (q: Queryable) => {
      if (await repo.findSupplier(q, input.id)) throw conflict('id', `supplier ${input.id} exists already`);
      const creditCode = blank(input.creditCode);
      if (creditCode !== null) {
        const holder = await repo.findByCreditCode(q, creditCode);
        if (holder) throw conflict('creditCode', `is the credit code of supplier ${holder.id}`);
      }
      const row = await repo.insertSupplier(q, {
        id: input.id,
        name: input.name.trim(),
        nameEn: blank(input.nameEn),
        category: input.category,
        creditCode,
        contactName: blank(input.contactName),
        phone: blank(input.phone),
        email: blank(input.email),
        address: blank(input.address),
        reputation: this.#settings.reputation.prior,
      });
      const qualifications: QualificationRow[] = [];
      for (const [i, qualification] of (input.qualifications ?? []).entries()) {
        const added = await this.#insertQualification(q, row.id, qualification);
        if (!added) throw conflict(`qualifications.${i}.number`, `${qualification.kind} ${qualification.number} is listed twice`);
        qualifications.push(added);
      }
      await recordChange(
        q,
        actor,
        {
          entityType: SUPPLIER,
          entityId: row.id,
          kind: 'registered',
          after: {
            ...snapshot(row),
            qualifications: qualifications.map((x) => ({ kind: x.kind, number: x.number, expiresOn: x.expires_on })),
          },
        },
        context,
      );
      return row;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  #insertQualification(q: Queryable, supplierId: string, input: QualificationInput) {
    return repo.insertQualification(q, {
      supplierId,
      kind: input.kind,
      number: input.number.trim(),
      issuedOn: input.issuedOn ?? null,
      expiresOn: input.expiresOn ?? null,
    });
  }

  async update(actor: Actor, id: string, edit: SupplierEdit, context: AuditContext = {}): Promise<SupplierRow> {
    checkContact(edit);
    return this.#db.transaction(async (tx) => {
      const before = await repo.lockSupplier(tx, id);
      if (!before) throw notFound(`supplier ${id}`);
      const creditCode = edit.creditCode === undefined ? undefined : blank(edit.creditCode);
      if (creditCode) {
        const holder = await repo.findByCreditCode(tx, creditCode);
        if (holder && holder.id !== id) throw conflict('creditCode', `is the credit code of supplier ${holder.id}`);
      }
      const after = await repo.updateSupplier(tx, id, {
        name: edit.name?.trim(),
        name_en: edit.nameEn === undefined ? undefined : blank(edit.nameEn),
        category: edit.category,
        credit_code: creditCode,
        contact_name: edit.contactName === undefined ? undefined : blank(edit.contactName),
        phone: edit.phone === undefined ? undefined : blank(edit.phone),
        email: edit.email === undefined ? undefined : blank(edit.email),
        address: edit.address === undefined ? undefined : blank(edit.address),
        status: edit.status,
      });
      await recordChange(
        tx,
        actor,
        {
          entityType: SUPPLIER,
          entityId: id,
          kind: edit.status && edit.status !== before.status ? edit.status : 'updated',
          before: snapshot(before),
          after: snapshot(after),
        },
        context,
      );
      return after;
    });
  }

  /** A new or renewed certificate (the old one stays on file with its expiry). */
  async addQualification(
    actor: Actor,
    id: string,
    input: QualificationInput,
    context: AuditContext = {},
  ): Promise<QualificationRow> {
    checkQualification(input, 'qualification');
    return this.#db.transaction(async (tx) => {
      if (!(await repo.lockSupplier(tx, id))) throw notFound(`supplier ${id}`);
      const row = await this.#insertQualification(tx, id, input);
      if (!row) throw conflict('number', `${input.kind} ${input.number} is on file already`);
      await recordChange(
        tx,
        actor,
        {
          entityType: SUPPLIER,
          entityId: id,
          kind: 'qualification_added',
          after: { kind: row.kind, number: row.number, issuedOn: row.issued_on, expiresOn: row.expires_on },
        },
        context,
      );
      return row;
    });
  }

  /** A page of the register with the qualifications of its suppliers. */
  async list(filter: SupplierFilter): Promise<{ rows: SupplierRow[]; qualifications: QualificationRow[] }> {
    const rows = await repo.listSuppliers(this.#db, filter);
    return {
      rows,
      qualifications: await repo.qualificationsOf(
        this.#db,
        rows.map((r) => r.id),
      ),
    };
  }

  qualificationsOf(q: Queryable, ids: readonly string[]): Promise<QualificationRow[]> {
    return repo.qualificationsOf(q, ids);
  }

  async detail(id: string) {
    const supplier = await repo.findSupplier(this.#db, id);
    if (!supplier) throw notFound(`supplier ${id}`);
    const [qualifications, reputation] = await Promise.all([
      repo.qualificationsOf(this.#db, [id]),
      repo.reputationEventsOf(this.#db, id, 50),
    ]);
    return { supplier, qualifications, reputation };
  }

  find(q: Queryable, id: string): Promise<SupplierRow | undefined> {
    return repo.findSupplier(q, id);
  }

  /**
   * Teaches the reputation one observation (a delivery, an acceptance, a complaint) inside the
   * caller's transaction and keeps the plain counts (on-time ratio, pass rate, complaints).
   */
  async observe(
    tx: Queryable,
    actor: Actor,
    supplierId: string,
    observation: ReputationObservation,
    ref: string,
    context: AuditContext,
  ): Promise<void> {
    const before = await repo.lockSupplier(tx, supplierId);
    if (!before) throw notFound(`supplier ${supplierId}`);
    const settings = this.#settings.reputation;
    const reputation = updateReputation(Number(before.reputation), observation, settings);
    const counts: repo.SupplierChanges = { reputation };
    if (observation.kind === 'delivery') {
      counts.deliveries = before.deliveries + 1;
      if (observation.daysLate <= 0) counts.on_time_deliveries = before.on_time_deliveries + 1;
    } else if (observation.kind === 'acceptance') {
      counts.acceptances = before.acceptances + 1;
      if (observation.passed) counts.passed_acceptances = before.passed_acceptances + 1;
    } else counts.complaints = before.complaints + 1;
    await repo.updateSupplier(tx, supplierId, counts);
    const score = observationScore(observation, settings);
    await repo.insertReputationEvent(tx, {
      supplierId,
      kind: observation.kind,
      observation: score,
      before: Number(before.reputation),
      after: reputation,
      ref,
    });
    await recordAudit(
      tx,
      actor,
      {
        action: `${SUPPLIER}.reputation_updated`,
        entityType: SUPPLIER,
        entityId: supplierId,
        before: { reputation: Number(before.reputation) },
        after: { reputation, observation, score, ref },
      },
      context,
    );
  }

  /**
   * SYS-3: suppliers with their qualifications from CSV. Every row is checked first, then all
   * are stored in one transaction, each behind a savepoint so one refused row is reported
   * without hiding the others; if any row is refused, or on a dry run, nothing is kept.
   */
  async importCsv(
    actor: Actor,
    csv: string,
    options: { dryRun: boolean; source?: string | undefined },
    context: AuditContext = {},
  ) {
    const parsed = parseSupplierCsv(csv);
    const report: SupplierImportReport = {
      kind: 'suppliers',
      dryRun: options.dryRun,
      imported: false,
      total: parsed.total,
      accepted: 0,
      rejected: [...parsed.rejected],
      ids: [],
    };
    if (parsed.rejected.some((r) => r.row <= 1)) return report;
    // The shared storing phase: one transaction, a savepoint per row, a row refused by a service
    // check or by the database's integrity rules reported with its row (it used to answer 500 on
    // the latter), the batch audited, nothing half-imported.
    await storeImportRows(
      this.#db,
      report,
      parsed.records.map((record) => ({ row: record.row, record })),
      {
        actor,
        context,
        dryRun: options.dryRun,
        batch: { kind: 'suppliers', source: options.source },
        store: async (tx, record) => (await this.create(actor, record, context, tx)).id,
        columnOf: (field) =>
          field === 'creditCode' ? 'credit_code' : field.startsWith('qualifications') ? 'qualifications' : field,
      },
    );
    return report;
  }
}
