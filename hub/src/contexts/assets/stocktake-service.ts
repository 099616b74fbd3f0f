import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { forbidden, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { seesAllAssets } from './policy.ts';
import * as repo from './repository.ts';
import type { AssetService } from './service.ts';
import {
  actionFits,
  type CloseEffect,
  type CountResult,
  classify,
  closeEffects,
  closeProblem,
  type DiscrepancyAction,
  isDiscrepancy,
  type Reconciliation,
  reconcile,
  type SheetLine,
} from './stocktake.ts';
import * as st from './stocktake-repository.ts';

function toSheetLine(row: st.LineRow): SheetLine {
  return {
    id: Number(row.id),
    assetId: row.asset_id,
    expected: row.expected,
    expectedLocation: row.expected_location,
    result: row.result,
    foundLocation: row.found_location,
    cause: row.cause,
    action: row.action,
  };
}

export interface CountInput {
  assetId?: string | undefined;
  result: CountResult;
  location?: string | undefined;
  description?: string | undefined;
}

/**
 * Stocktakes (AST-6): the asset office plans one over a scope and gets a count sheet; counts
 * are recorded on site; the reconciliation lists surplus and losses, each of which needs a
 * cause and a corrective action before the stocktake closes, and closing applies them to the
 * register (write-off through disposal, missing, relocation).
 */
export class StocktakeService {
  readonly #db: Db;
  readonly #assets: AssetService;

  constructor(db: Db, assets: AssetService) {
    this.#db = db;
    this.#assets = assets;
  }

  async plan(
    actor: Actor,
    input: {
      title: string;
      departmentId?: string | undefined;
      categoryCode?: string | undefined;
      locationPrefix?: string | undefined;
    },
    context: AuditContext = {},
  ) {
    return this.#db.transaction(async (tx) => {
      if (input.departmentId && !(await repo.departmentExists(tx, input.departmentId)))
        throw invalid('departmentId', `no department ${input.departmentId}`);
      const category = input.categoryCode ? await repo.findCategory(tx, input.categoryCode) : undefined;
      if (input.categoryCode && !category) throw invalid('categoryCode', `no category ${input.categoryCode}`);
      const stocktake = await st.insertStocktake(tx, {
        title: input.title,
        departmentId: input.departmentId ?? null,
        categoryCode: input.categoryCode ?? null,
        locationPrefix: input.locationPrefix ?? null,
        by: actor.userId,
      });
      const lines = await st.generateSheet(tx, Number(stocktake.id), {
        departmentId: input.departmentId ?? null,
        categoryPath: category?.path ?? null,
        locationPrefix: input.locationPrefix ?? null,
      });
      await recordAudit(
        tx,
        actor,
        { action: 'stocktake.planned', entityType: 'stocktake', entityId: Number(stocktake.id), after: { ...input, lines } },
        context,
      );
      return { stocktake, lines };
    });
  }

  list(limit: number, beforeId?: number) {
    return st.listStocktakes(this.#db, limit, beforeId);
  }

  async #find(q: Queryable, id: number, lock = false): Promise<st.StocktakeRow> {
    const row = await st.findStocktake(q, id, lock);
    if (!row) throw notFound(`stocktake ${id}`);
    return row;
  }

  /** The stocktake, its reconciliation, and the sheet rows by id (to show the discrepancies in full). */
  async detail(
    id: number,
  ): Promise<{ stocktake: st.StocktakeRow; reconciliation: Reconciliation; rows: Map<number, st.LineRow> }> {
    const stocktake = await this.#find(this.#db, id);
    const lines = await st.wholeSheet(this.#db, id);
    return {
      stocktake,
      reconciliation: reconcile(lines.map(toSheetLine)),
      rows: new Map(lines.map((row) => [Number(row.id), row])),
    };
  }

  async sheet(id: number, filter: { result?: SheetLine['result'] | undefined; afterId?: number | undefined; limit: number }) {
    await this.#find(this.#db, id);
    return st.sheetPage(this.#db, id, filter);
  }

  /** A department head counts only within a stocktake of their own department. */
  #mayCount(actor: Actor, stocktake: st.StocktakeRow): boolean {
    return seesAllAssets(actor) || (stocktake.department_id !== null && stocktake.department_id === actor.departmentId);
  }

  /**
   * Records counts from the site. An asset found that is not on the sheet becomes surplus;
   * an unregistered find is surplus with a description. Counting again replaces the count.
   */
  async count(actor: Actor, id: number, counts: readonly CountInput[], context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const stocktake = await this.#find(tx, id, true);
      if (!this.#mayCount(actor, stocktake)) throw forbidden('you count only in stocktakes of your own department');
      if (stocktake.status !== 'counting') throw illegalTransition(`stocktake ${id} is ${stocktake.status}`);
      const recorded: st.LineRow[] = [];
      for (const [index, count] of counts.entries()) {
        const field = (name: string) => `counts.${index}.${name}`;
        if (!count.assetId) {
          if (count.result !== 'extra') throw invalid(field('assetId'), 'is required unless the result is extra');
          if (!count.description || !count.location)
            throw invalid(field('description'), 'an unregistered find needs a description and a location');
          recorded.push(
            await st.insertExtra(tx, {
              stocktakeId: id,
              assetId: null,
              description: count.description,
              foundLocation: count.location,
              by: actor.userId,
            }),
          );
          continue;
        }
        const line = await st.lineOfAsset(tx, id, count.assetId);
        if (line?.expected) {
          if (count.result === 'extra')
            throw invalid(field('result'), `${count.assetId} is on the count sheet: found or not_found`);
          recorded.push(
            await st.recordCount(tx, Number(line.id), {
              result: count.result,
              foundLocation: count.location ?? null,
              by: actor.userId,
            }),
          );
          continue;
        }
        if (count.result === 'not_found') throw invalid(field('assetId'), `${count.assetId} is not on the count sheet`);
        if (!(await repo.assetExists(tx, count.assetId)))
          throw invalid(
            field('assetId'),
            `no asset ${count.assetId}; record an unregistered find without assetId, with a description`,
          );
        if (!count.location) throw invalid(field('location'), 'say where the extra asset was found');
        recorded.push(
          line
            ? await st.recordCount(tx, Number(line.id), { result: 'extra', foundLocation: count.location, by: actor.userId })
            : await st.insertExtra(tx, {
                stocktakeId: id,
                assetId: count.assetId,
                description: count.description ?? null,
                foundLocation: count.location,
                by: actor.userId,
              }),
        );
      }
      await recordAudit(
        tx,
        actor,
        {
          action: 'stocktake.counted',
          entityType: 'stocktake',
          entityId: id,
          after: recorded.map((r) => ({
            lineId: Number(r.id),
            assetId: r.asset_id,
            result: r.result,
            location: r.found_location,
          })),
        },
        context,
      );
      return recorded;
    });
  }

  /** Records the cause and the corrective action of one discrepancy (盘盈/盘亏原因与措施). */
  async resolve(
    actor: Actor,
    id: number,
    lineId: number,
    input: { cause: string; action: DiscrepancyAction },
    context: AuditContext = {},
  ): Promise<st.LineRow> {
    return this.#db.transaction(async (tx) => {
      const stocktake = await this.#find(tx, id, true);
      if (stocktake.status !== 'counting') throw illegalTransition(`stocktake ${id} is ${stocktake.status}`);
      const line = await st.findLine(tx, id, lineId);
      if (!line) throw notFound(`line ${lineId} of stocktake ${id}`);
      const kind = classify(toSheetLine(line));
      if (!isDiscrepancy(kind)) throw illegalTransition(`line ${lineId} is ${kind}, not a discrepancy`);
      if (!actionFits(kind, input.action)) throw invalid('action', `${input.action} does not handle a ${kind}`);
      const after = await st.resolveLine(tx, lineId, { ...input, by: actor.userId });
      await recordAudit(
        tx,
        actor,
        {
          action: 'stocktake.discrepancy_resolved',
          entityType: 'stocktake',
          entityId: id,
          after: { lineId, assetId: line.asset_id, kind, cause: input.cause, action: input.action },
        },
        context,
      );
      return after;
    });
  }

  /**
   * Closes the stocktake and applies its outcome to the register in one transaction.
   * @throws AppError illegal_transition while lines are uncounted or discrepancies unexplained.
   */
  async close(actor: Actor, id: number, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const stocktake = await this.#find(tx, id, true);
      if (stocktake.status !== 'counting') throw illegalTransition(`stocktake ${id} is ${stocktake.status}`);
      const lines = (await st.wholeSheet(tx, id)).map(toSheetLine);
      const reconciliation = reconcile(lines);
      const problem = closeProblem(reconciliation);
      if (problem) throw illegalTransition(`stocktake ${id} cannot close: ${problem}`);
      const effects = closeEffects(reconciliation);
      for (const effect of effects) await this.#apply(tx, actor, id, effect, context);
      // Seen on site (or turned up after the count): an asset missing since an earlier stocktake is back.
      for (const line of lines) {
        const seen = line.result === 'found' || line.result === 'extra' || line.action === 'found_later';
        if (line.assetId && seen) await this.#assets.found(tx, actor, line.assetId, id, context);
      }
      const closed = await st.closeStocktake(tx, id, actor.userId);
      await recordAudit(
        tx,
        actor,
        {
          action: 'stocktake.closed',
          entityType: 'stocktake',
          entityId: id,
          before: { status: stocktake.status },
          after: {
            status: closed.status,
            counted: reconciliation.counted,
            matched: reconciliation.matched,
            moved: reconciliation.moved.length,
            losses: reconciliation.losses.length,
            surplus: reconciliation.surplus.length,
            effects,
          },
        },
        context,
      );
      return { stocktake: closed, reconciliation, effects };
    });
  }

  async #apply(tx: Queryable, actor: Actor, id: number, effect: CloseEffect, context: AuditContext): Promise<void> {
    switch (effect.kind) {
      case 'write_off':
        await this.#assets.disposals.requestIn(
          tx,
          actor,
          effect.assetId,
          { reason: `Stocktake ${id} loss: ${effect.cause}`, condition: 'missing (盘亏)', stocktakeId: id },
          context,
        );
        return;
      case 'mark_missing':
        await this.#assets.markMissing(tx, actor, effect.assetId, id, context);
        return;
      case 'relocate':
        await this.#assets.relocate(tx, actor, effect.assetId, effect.location, id, context);
        return;
    }
  }
}
