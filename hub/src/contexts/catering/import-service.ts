import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { fileRefused, type ImportReportBase, openImportReport } from '../../http/csv-import-report.ts';
import { storeImportRows } from '../../http/csv-import-store.ts';
import type { AuditContext } from '../audit/repository.ts';
import {
  type CateringImportKind,
  type Checked,
  type CsvRow,
  checkDishRow,
  checkStockRow,
  type DishRecord,
  parseCateringCsv,
  type StockRecord,
} from './csv.ts';
import type { MenuService } from './menu-service.ts';
import type { StockService } from './stock-service.ts';

export type CateringImportReport = ImportReportBase<CateringImportKind>;

/** A service error's field as the CSV column that holds it (recipe.2.itemId → recipe). */
function columnOf(field: string): string {
  const head = field.split('.')[0] ?? field;
  return head.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

type CateringRecord = { kind: 'dishes'; value: DishRecord } | { kind: 'stock'; value: StockRecord };

function checkRow(kind: CateringImportKind, row: CsvRow): Checked<CateringRecord> {
  if (kind === 'dishes') {
    const r = checkDishRow(row);
    return r.ok ? { ok: true, value: { kind, value: r.value } } : r;
  }
  const r = checkStockRow(row);
  return r.ok ? { ok: true, value: { kind, value: r.value } } : r;
}

/**
 * CSV load of dishes (with recipes) and stock items (with opening stock), SYS-3 style: every
 * row's format checked first, then all rows written in one transaction through the services
 * (references, uniqueness, audit), each behind a savepoint so every bad row is reported; any
 * refused row, or a dry run, rolls everything back.
 */
export class CateringImportService {
  readonly #db: Db;
  readonly #menu: MenuService;
  readonly #stock: StockService;

  constructor(db: Db, services: { menu: MenuService; stock: StockService }) {
    this.#db = db;
    this.#menu = services.menu;
    this.#stock = services.stock;
  }

  async run(
    actor: Actor,
    kind: CateringImportKind,
    csv: string,
    options: { dryRun: boolean; source?: string | undefined },
    context: AuditContext = {},
  ) {
    const parsed = parseCateringCsv(kind, csv);
    const report: CateringImportReport = openImportReport(kind, options.dryRun, parsed);
    if (fileRefused(report)) return report;
    const valid: Array<{ row: number; record: CateringRecord }> = [];
    const seen = new Map<string, number>();
    for (const row of parsed.rows) {
      const checked = checkRow(kind, row);
      if (!checked.ok) {
        report.rejected.push(...checked.rejected);
        continue;
      }
      const first = seen.get(checked.value.value.id);
      if (first !== undefined) {
        report.rejected.push({ row: row.row, field: 'id', reason: `${checked.value.value.id} is already in row ${first}` });
        continue;
      }
      seen.set(checked.value.value.id, row.row);
      valid.push({ row: row.row, record: checked.value });
    }
    await storeImportRows(this.#db, report, valid, {
      actor,
      context,
      dryRun: options.dryRun,
      batch: { kind: `catering.${kind}`, source: options.source },
      store: (tx, record) => this.#store(tx, actor, record, context),
      columnOf,
    });
    return report;
  }

  async #store(tx: Queryable, actor: Actor, record: CateringRecord, context: AuditContext): Promise<string> {
    if (record.kind === 'dishes') {
      const d = record.value;
      await this.#menu.saveDish(
        actor,
        d.id,
        { name: d.name, nameZh: d.nameZh, stallId: d.stallId, category: d.category, price: d.price, recipe: d.recipe },
        context,
        tx,
      );
      return d.id;
    }
    const s = record.value;
    await this.#stock.createItem(
      actor,
      s.id,
      {
        name: s.name,
        nameZh: s.nameZh,
        specification: s.specification,
        unit: s.unit,
        category: s.category,
        safetyStock: s.safetyStock,
      },
      context,
      tx,
      { quantity: s.openingStock, batch: s.batch, supplierName: s.supplier },
    );
    return s.id;
  }
}
