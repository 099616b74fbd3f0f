import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { invalid } from '../../errors.ts';
import { checkImportRows, fileRefused, type ImportReportBase, openImportReport } from '../../http/csv-import-report.ts';
import { storeImportRows } from '../../http/csv-import-store.ts';
import type { RowResult } from '../../http/csv-row-check.ts';
import type { AuditContext } from '../audit/repository.ts';
import {
  type CardRecord,
  type CsvRow,
  checkCard,
  checkResidentRow,
  checkRoom,
  type DormImportKind,
  parseDormCsv,
  type ResidentRecord,
  type RoomRecord,
} from './csv.ts';
import * as repo from './resident-repository.ts';
import type { DormService } from './service.ts';

/** Ids: room ids, resident ids, card ids. */
export type DormImportReport = ImportReportBase<DormImportKind>;

/** Service field names → CSV column keys, to name the column of a refused row. */
const COLUMN_OF_FIELD: Record<string, string> = {
  buildingId: 'building_id',
  personNo: 'person_no',
  idLast4: 'id_last4',
  userId: 'username',
  bedId: 'bed_id',
  cardId: 'card_id',
  residentId: 'person_no',
  validFrom: 'valid_from',
  validTo: 'valid_to',
};

type DormRecord =
  | { kind: 'rooms'; value: RoomRecord }
  | { kind: 'residents'; value: ResidentRecord }
  | { kind: 'cards'; value: CardRecord };

function checkRow(kind: DormImportKind, row: CsvRow): RowResult<DormRecord> {
  switch (kind) {
    case 'rooms': {
      const r = checkRoom(row);
      return r.ok ? { ok: true, value: { kind, value: r.value } } : r;
    }
    case 'residents': {
      const r = checkResidentRow(row);
      return r.ok ? { ok: true, value: { kind, value: r.value } } : r;
    }
    case 'cards': {
      const r = checkCard(row);
      return r.ok ? { ok: true, value: { kind, value: r.value } } : r;
    }
  }
}

/**
 * Initial load of the dormitories (SYS-3): rooms, residents, cards from CSV. Every row's format
 * is checked first; then all rows are written in one transaction through the dorm services
 * (references, uniqueness, audit), each behind a savepoint so every bad row is reported. If
 * any row is refused, or on a dry run, nothing is kept.
 */
export class DormImportService {
  readonly #db: Db;
  readonly #dorms: DormService;

  constructor(db: Db, dorms: DormService) {
    this.#db = db;
    this.#dorms = dorms;
  }

  async run(
    actor: Actor,
    kind: DormImportKind,
    csv: string,
    options: { dryRun: boolean; source?: string | undefined },
    context: AuditContext = {},
  ): Promise<DormImportReport> {
    const parsed = parseDormCsv(kind, csv);
    const report: DormImportReport = openImportReport(kind, options.dryRun, parsed);
    if (fileRefused(report)) return report;
    const valid = checkImportRows(parsed.rows, (row) => checkRow(kind, row), report);
    // Usernames resolve before the transaction: a lookup per distinct name, not per row.
    const users = kind === 'residents' ? await this.#usersByName(valid) : new Map<string, number>();
    await storeImportRows(this.#db, report, valid, {
      actor,
      context,
      dryRun: options.dryRun,
      batch: { kind: `dorms.${kind}`, source: options.source },
      store: (tx, record) => this.#store(tx, actor, record, users, context),
      columnOf: (field) => COLUMN_OF_FIELD[field] ?? field,
    });
    return report;
  }

  async #usersByName(valid: ReadonlyArray<{ record: DormRecord }>): Promise<Map<string, number>> {
    const names = new Set<string>();
    for (const { record } of valid) if (record.kind === 'residents' && record.value.username) names.add(record.value.username);
    const found = new Map<string, number>();
    for (const name of names) {
      const id = await this.#dorms.userIdByUsername(name);
      if (id !== undefined) found.set(name, id);
    }
    return found;
  }

  async #store(
    tx: Queryable,
    actor: Actor,
    record: DormRecord,
    users: ReadonlyMap<string, number>,
    context: AuditContext,
  ): Promise<string> {
    switch (record.kind) {
      case 'rooms':
        return (await this.#dorms.register.createRoom(actor, record.value, context, tx)).id;
      case 'residents': {
        const r = record.value;
        const userId = r.username === null ? null : users.get(r.username);
        if (userId === undefined) throw invalid('userId', `no user ${r.username}`);
        const row = await this.#dorms.createResident(actor, { ...r, userId }, context, tx);
        if (r.bedId !== null) await this.#dorms.placeImported(tx, actor, Number(row.id), r.bedId, context);
        return String(row.id);
      }
      case 'cards': {
        const c = record.value;
        const resident = await repo.findResidentByPersonNo(tx, c.personNo);
        if (!resident) throw invalid('personNo', `no resident ${c.personNo} (import residents first)`);
        await this.#dorms.access.issueCard(
          actor,
          { cardId: c.cardId, residentId: Number(resident.id), validFrom: c.validFrom, validTo: c.validTo },
          context,
          tx,
        );
        return c.cardId;
      }
    }
  }
}
