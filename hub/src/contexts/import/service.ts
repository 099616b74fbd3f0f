import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { checkImportRows, fileRefused, type ImportReportBase, openImportReport } from '../../http/csv-import-report.ts';
import { storeImportRows } from '../../http/csv-import-store.ts';
import type { RowResult } from '../../http/csv-row-check.ts';
import type { AssetService } from '../assets/service.ts';
import type { AuditContext } from '../audit/repository.ts';
import type { IdentityService } from '../identity/service.ts';
import type { ImportKind } from './columns.ts';
import { type CsvRow, parseImportCsv } from './parse.ts';
import {
  type AssetRecord,
  type CategoryRecord,
  checkAsset,
  checkCategory,
  checkDepartment,
  checkStaff,
  type DepartmentRecord,
  type StaffRecord,
} from './validate.ts';

export interface ImportReport extends ImportReportBase<ImportKind> {
  /** Staff only: each new user's temporary password, shown this once; they must change it at first sign-in. */
  temporaryPasswords: Array<{ username: string; password: string }>;
}

/** Service field names that differ from the CSV column keys. */
const COLUMN_OF_FIELD: Partial<Record<ImportKind, Record<string, string>>> = {
  assets: { id: 'asset_no', supplierName: 'supplier' },
};

function columnOf(kind: ImportKind, field: string): string {
  return COLUMN_OF_FIELD[kind]?.[field] ?? field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const temporaryPassword = () => randomBytes(12).toString('base64url');

/**
 * Initial data load (SYS-3). Every row is checked first (formats), then all rows are written
 * in one transaction through the owning services (references, uniqueness, audit), each row
 * behind a savepoint so one bad row is reported without hiding the others. If any row is
 * refused, or on a dry run, the transaction rolls back: nothing is half-imported.
 */
export class ImportService {
  readonly #db: Db;
  readonly #identity: IdentityService;
  readonly #assets: AssetService;

  constructor(db: Db, services: { identity: IdentityService; assets: AssetService }) {
    this.#db = db;
    this.#identity = services.identity;
    this.#assets = services.assets;
  }

  async run(
    actor: Actor,
    kind: ImportKind,
    csv: string,
    options: { dryRun: boolean; source?: string | undefined },
    context: AuditContext = {},
  ): Promise<ImportReport> {
    const parsed = parseImportCsv(kind, csv);
    const report: ImportReport = { ...openImportReport(kind, options.dryRun, parsed), temporaryPasswords: [] };
    if (fileRefused(report)) return report;
    const valid = checkImportRows(parsed.rows, (row) => checkRow(kind, row), report);
    await storeImportRows(this.#db, report, valid, {
      actor,
      context,
      dryRun: options.dryRun,
      batch: { kind, source: options.source },
      store: (tx, record) => this.#store(tx, actor, record, report, context),
      columnOf: (field) => columnOf(kind, field),
    });
    if (!report.imported) report.temporaryPasswords = [];
    return report;
  }

  async #store(tx: Queryable, actor: Actor, record: ImportRecord, report: ImportReport, context: AuditContext): Promise<string> {
    switch (record.kind) {
      case 'departments': {
        const d = record.value;
        await this.#identity.saveDepartment(
          actor,
          { id: d.id, name: d.name, name_zh: d.nameZh, parent_id: d.parentId },
          context,
          tx,
        );
        return d.id;
      }
      case 'staff': {
        const s = record.value;
        const password = temporaryPassword();
        const user = await this.#identity.createUser(
          actor,
          {
            username: s.username,
            displayName: s.displayName,
            password,
            roles: s.roles,
            departmentId: s.departmentId,
            phone: s.phone,
            email: s.email,
          },
          context,
          tx,
        );
        if (s.skills.length > 0) await this.#identity.setSkills(actor, Number(user.id), s.skills, context, tx);
        report.temporaryPasswords.push({ username: s.username, password });
        return String(user.id);
      }
      case 'categories':
        return (await this.#assets.saveCategory(actor, record.value, context, tx)).code;
      case 'assets':
        return (await this.#assets.importAsset(tx, actor, record.value, context)).id;
    }
  }
}

type ImportRecord =
  | { kind: 'departments'; value: DepartmentRecord }
  | { kind: 'staff'; value: StaffRecord }
  | { kind: 'categories'; value: CategoryRecord }
  | { kind: 'assets'; value: AssetRecord };

type Checked = RowResult<ImportRecord>;

function checkRow(kind: ImportKind, row: CsvRow): Checked {
  switch (kind) {
    case 'departments': {
      const r = checkDepartment(row);
      return r.ok ? { ok: true, value: { kind, value: r.value } } : r;
    }
    case 'staff': {
      const r = checkStaff(row);
      return r.ok ? { ok: true, value: { kind, value: r.value } } : r;
    }
    case 'categories': {
      const r = checkCategory(row);
      return r.ok ? { ok: true, value: { kind, value: r.value } } : r;
    }
    case 'assets': {
      const r = checkAsset(row);
      return r.ok ? { ok: true, value: { kind, value: r.value } } : r;
    }
  }
}
