import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import type { IngredientStock } from '../../contracts.ts';
import { conflict, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { allocateFifo } from './allocate.ts';
import { isDate } from './clock.ts';
import * as menuRepo from './menu-repository.ts';
import { type CateringClock, checkCode } from './settings.ts';
import type {
  MovementFilter,
  MovementRow,
  NewMovement,
  ProductionRow,
  StockItemFields,
  StockItemRow,
} from './stock-repository.ts';
import * as repo from './stock-repository.ts';
import type { MealPeriod, MovementReason, StocktakeStatus } from './vocabulary.ts';

/** Inventory-scale weights older than this are not "live" any more (IOT-3). */
export const DEFAULT_SCALE_MAX_AGE_MS = 2 * 86_400_000;
/** A movement may be booked a little ahead of the server clock (device clocks drift). */
const FUTURE_SKEW_MS = 5 * 60_000;

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** One line of the live stock view, and what the low-stock rule (IOT-7, CAT-5) reads. */
export interface StockLevel {
  itemId: string;
  name: string;
  nameZh: string | null;
  unit: string;
  /** Book quantity: the sum of the item's movements (kept as a running balance). */
  quantity: number;
  safetyStock: number;
  belowSafety: boolean;
  /** Latest inventory-scale net weight of the item, when a scale weighed it recently. */
  scale: { netKg: number; at: Date; deviceId: string } | null;
}

export interface StockItemInput {
  name: string;
  nameZh?: string | null | undefined;
  specification?: string | null | undefined;
  unit: string;
  category?: string | undefined;
  safetyStock: number;
  active?: boolean | undefined;
}

export interface MovementInput {
  itemId: string;
  reason: Exclude<MovementReason, 'stocktake_adjustment'>;
  quantity: number;
  occurredAt?: Date | undefined;
  supplierId?: string | null | undefined;
  supplierName?: string | null | undefined;
  batch?: string | null | undefined;
  note?: string | null | undefined;
  sourceRef?: string | null | undefined;
}

export interface ProductionInput {
  canteenId: string;
  dishId: string;
  serviceDate: string;
  mealPeriod: MealPeriod;
  portions: number;
  note?: string | null | undefined;
  batches?: ReadonlyArray<{ itemId: string; batch: string; quantity?: number | undefined }> | undefined;
}

function fieldsOf(input: StockItemInput): StockItemFields {
  return {
    name: input.name,
    nameZh: input.nameZh ?? null,
    specification: input.specification ?? null,
    unit: input.unit,
    category: input.category ?? 'ingredient',
    safetyStock: input.safetyStock,
    active: input.active ?? true,
  };
}

function auditedItem(row: StockItemRow) {
  return {
    name: row.name,
    nameZh: row.name_zh,
    specification: row.specification,
    unit: row.unit,
    category: row.category,
    safetyStock: Number(row.safety_stock),
    active: row.active,
  };
}

function auditedMovement(row: MovementRow) {
  return {
    itemId: row.item_id,
    direction: row.direction,
    quantity: Number(row.quantity),
    reason: row.reason,
    occurredAt: row.occurred_at.toISOString(),
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    batch: row.batch,
    note: row.note,
    sourceRef: row.source_ref,
    productionId: row.production_id === null ? null : Number(row.production_id),
    stocktakeId: row.stocktake_id === null ? null : Number(row.stocktake_id),
    balanceAfter: Number(row.balance_after),
  };
}

/**
 * The canteens' ingredient store (regulation §5(二)): items with safety stock, movements in and
 * out with name, specification, quantity, time, supplier and batch (CAT-6), stocktakes (CAT-4),
 * the live view with scale weights, kitchen production drawing on batches, and food-safety
 * traceability from a delivered batch to dishes and meals and back. The IngredientStock of
 * other contexts (procurement books deliveries in through it).
 */
export class StockService implements IngredientStock {
  readonly #db: Db;
  readonly #clock: CateringClock;
  readonly #scaleMaxAgeMs: number;

  constructor(db: Db, options: { clock: CateringClock; scaleMaxAgeMs?: number | undefined }) {
    this.#db = db;
    this.#clock = options.clock;
    this.#scaleMaxAgeMs = options.scaleMaxAgeMs ?? DEFAULT_SCALE_MAX_AGE_MS;
  }

  listItems(filter: repo.StockItemFilter): Promise<StockItemRow[]> {
    return repo.listStockItems(this.#db, filter);
  }

  async item(id: string, q: Queryable = this.#db): Promise<StockItemRow> {
    const row = await repo.findStockItem(q, id);
    if (!row) throw notFound(`stock item ${id}`);
    return row;
  }

  /**
   * Creates a stock item, optionally with its opening stock (an initial count: a stocktake
   * adjustment with the batch it came in). Runs in the caller's transaction when given (import).
   * @throws AppError conflict when the code is taken.
   */
  async createItem(
    actor: Actor,
    id: string,
    input: StockItemInput,
    context: AuditContext = {},
    tx?: Queryable,
    opening?: { quantity: number; batch?: string | null | undefined; supplierName?: string | null | undefined } | undefined,
  ): Promise<StockItemRow> {
    checkCode('id', id);
    const work = async (q: Queryable) => {
      const row = await repo.insertStockItem(q, id, fieldsOf(input));
      if (!row) throw conflict('id', `stock item ${id} exists`);
      await recordAudit(
        q,
        actor,
        { action: 'stock_item.created', entityType: 'stock_item', entityId: id, after: auditedItem(row) },
        context,
      );
      if (opening && opening.quantity > 0) {
        await this.#book(
          q,
          actor,
          {
            itemId: id,
            direction: 'in',
            quantity: opening.quantity,
            reason: 'stocktake_adjustment',
            occurredAt: this.#clock.now(),
            supplierId: null,
            supplierName: opening.supplierName ?? null,
            batch: opening.batch ?? null,
            note: 'opening stock',
            sourceRef: null,
            productionId: null,
            stocktakeId: null,
          },
          context,
        );
      }
      return this.item(id, q);
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  /** Changes an item's description or safety stock; the unit is fixed once stock has moved. */
  async updateItem(actor: Actor, id: string, input: StockItemInput, context: AuditContext = {}): Promise<StockItemRow> {
    return this.#db.transaction(async (tx) => {
      const before = await this.item(id, tx);
      if (before.unit !== input.unit && (await repo.hasMovements(tx, id))) {
        throw invalid('unit', `stays ${before.unit} once stock has moved; create a new item for another unit`);
      }
      const after = await repo.updateStockItem(tx, id, fieldsOf(input));
      if (!after) throw notFound(`stock item ${id}`);
      await recordAudit(
        tx,
        actor,
        {
          action: 'stock_item.updated',
          entityType: 'stock_item',
          entityId: id,
          before: auditedItem(before),
          after: auditedItem(after),
        },
        context,
      );
      return after;
    });
  }

  /**
   * Per active item: book quantity (sum of movements), latest scale weight in kg if a scale
   * weighed it recently, safety stock and unit. The low-stock rule (IOT-7, CAT-5) and
   * procurement's plan (PRC-3) read this, the latter inside its own transaction (`q`).
   */
  async stockLevels(q: Queryable = this.#db): Promise<StockLevel[]> {
    const items = await repo.activeStockItems(q);
    const since = new Date(this.#clock.now().getTime() - this.#scaleMaxAgeMs);
    const scales = new Map(
      (
        await repo.latestScaleReadings(
          q,
          items.map((i) => i.id),
          since,
        )
      ).map((r) => [r.item_id, r]),
    );
    return items.map((item) => {
      const book = Number(item.book_quantity);
      const safety = Number(item.safety_stock);
      const scale = scales.get(item.id);
      return {
        itemId: item.id,
        name: item.name,
        nameZh: item.name_zh,
        unit: item.unit,
        quantity: book,
        safetyStock: safety,
        belowSafety: book < safety,
        scale: scale ? { netKg: Number(scale.net_kg), at: scale.ts, deviceId: scale.device_id } : null,
      };
    });
  }

  /** The item's safety stock, or undefined for an unknown item. */
  async safetyStockOf(itemId: string, q: Queryable = this.#db): Promise<number | undefined> {
    const row = await repo.findStockItem(q, itemId);
    return row ? Number(row.safety_stock) : undefined;
  }

  /**
   * Books a movement in or out by hand (CAT-6): a delivery names its supplier and batch; a
   * consumption or waste may name the batch it came from.
   * @throws AppError conflict when stock would go below zero.
   */
  async recordMovement(actor: Actor, input: MovementInput, context: AuditContext = {}): Promise<MovementRow> {
    const occurredAt = input.occurredAt ?? this.#clock.now();
    if (occurredAt.getTime() > this.#clock.now().getTime() + FUTURE_SKEW_MS)
      throw invalid('occurredAt', 'must not be in the future');
    if (input.reason === 'delivery') {
      if (!input.batch) throw invalid('batch', 'a delivery names its batch (food-safety traceability)');
      if (!input.supplierId && !input.supplierName)
        throw invalid('supplierName', 'a delivery names its supplier (supplierId or supplierName)');
    }
    return this.#db.transaction(async (tx) => {
      if (!(await repo.findStockItem(tx, input.itemId))) throw invalid('itemId', `no stock item ${input.itemId}`);
      if (input.reason !== 'delivery' && input.batch) await this.#checkBatch(tx, input.itemId, input.batch, 'batch');
      return this.#book(
        tx,
        actor,
        {
          itemId: input.itemId,
          direction: input.reason === 'delivery' ? 'in' : 'out',
          quantity: input.quantity,
          reason: input.reason,
          occurredAt,
          supplierId: input.supplierId ?? null,
          supplierName: input.supplierName ?? null,
          batch: input.batch ?? null,
          note: input.note ?? null,
          sourceRef: input.sourceRef ?? null,
          productionId: null,
          stocktakeId: null,
        },
        context,
      );
    });
  }

  /**
   * IngredientStock: books delivered ingredients in (CAT-6), in the caller's transaction
   * (e.g. procurement's receiving). The unit must be the item's: no silent conversions.
   */
  async receiveIngredient(
    tx: Queryable,
    actor: Actor,
    input: {
      itemId: string;
      quantity: number;
      unit: string;
      supplierId?: string | null;
      batch: string;
      sourceRef?: string | null;
    },
    context: AuditContext = {},
  ): Promise<void> {
    const item = await repo.findStockItem(tx, input.itemId);
    if (!item) throw invalid('itemId', `no stock item ${input.itemId}`);
    if (input.unit !== item.unit) throw invalid('unit', `${item.name} is stocked in ${item.unit}, not ${input.unit}`);
    if (!(input.quantity > 0)) throw invalid('quantity', 'must be greater than 0');
    if (!input.batch) throw invalid('batch', 'a delivery names its batch (food-safety traceability)');
    await this.#book(
      tx,
      actor,
      {
        itemId: input.itemId,
        direction: 'in',
        quantity: input.quantity,
        reason: 'delivery',
        occurredAt: this.#clock.now(),
        supplierId: input.supplierId ?? null,
        supplierName: null,
        batch: input.batch,
        note: null,
        sourceRef: input.sourceRef ?? null,
        productionId: null,
        stocktakeId: null,
      },
      context,
    );
  }

  async #checkBatch(q: Queryable, itemId: string, batch: string, field: string): Promise<void> {
    const known = (await repo.batchBalances(q, itemId)).some((b) => b.batch === batch);
    if (!known) throw invalid(field, `no delivered batch ${batch} of ${itemId}`);
  }

  async #book(
    q: Queryable,
    actor: Actor,
    movement: Omit<NewMovement, 'recordedBy' | 'recordedByName'>,
    context: AuditContext,
  ): Promise<MovementRow> {
    const booked = await repo.insertMovement(q, { ...movement, recordedBy: actor.userId, recordedByName: actor.name });
    if (!booked) {
      const item = await repo.findStockItem(q, movement.itemId);
      if (!item) throw invalid('itemId', `no stock item ${movement.itemId}`);
      throw conflict('quantity', `only ${Number(item.book_quantity)} ${item.unit} of ${item.name} in stock`);
    }
    const row = (await repo.findMovements(q, [booked.id]))[0];
    if (!row) throw notFound(`stock movement ${booked.id}`);
    await recordAudit(
      q,
      actor,
      {
        action: `stock_movement.${movement.reason}`,
        entityType: 'stock_movement',
        entityId: booked.id,
        after: auditedMovement(row),
      },
      context,
    );
    return row;
  }

  listMovements(filter: MovementFilter): Promise<MovementRow[]> {
    return repo.listMovements(this.#db, filter);
  }

  // Stocktakes (CAT-4)

  /** Opens a stocktake; one at a time, so counts and adjustments never cross. */
  async openStocktake(actor: Actor, note: string | null, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const open = await repo.findOpenStocktake(tx);
      if (open) throw conflict('stocktake', `stocktake ${open.id} is still open`);
      const row = await repo.insertStocktake(tx, note, actor.userId);
      await recordAudit(
        tx,
        actor,
        { action: 'stocktake.opened', entityType: 'stocktake', entityId: Number(row.id), after: { note } },
        context,
      );
      return { stocktake: row, counts: [] };
    });
  }

  async stocktake(id: number, q: Queryable = this.#db) {
    const row = await repo.findStocktake(q, id);
    if (!row) throw notFound(`stocktake ${id}`);
    return { stocktake: row, counts: await repo.listCounts(q, id) };
  }

  listStocktakes(filter: { status?: StocktakeStatus | undefined; beforeId?: number | undefined; limit: number }) {
    return repo.listStocktakes(this.#db, filter);
  }

  /** Records what was counted of an item against its book quantity at this moment. */
  async count(actor: Actor, id: number, itemId: string, counted: number, cause: string | null, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const stocktake = await repo.findStocktake(tx, id, true);
      if (!stocktake) throw notFound(`stocktake ${id}`);
      if (stocktake.status !== 'open') throw illegalTransition(`stocktake ${id} is ${stocktake.status}`);
      const item = await repo.findStockItem(tx, itemId);
      if (!item) throw notFound(`stock item ${itemId}`);
      await repo.upsertCount(tx, { stocktakeId: id, itemId, book: item.book_quantity, counted, cause, countedBy: actor.userId });
      await recordAudit(
        tx,
        actor,
        {
          action: 'stocktake.counted',
          entityType: 'stocktake',
          entityId: id,
          after: { itemId, bookQuantity: Number(item.book_quantity), countedQuantity: counted, cause },
        },
        context,
      );
      return this.stocktake(id, tx);
    });
  }

  /**
   * Closes a stocktake: every difference between counted and book becomes an adjustment
   * movement carrying its cause. The difference is taken at counting time, so movements booked
   * between counting and closing stay as they are.
   * @throws AppError invalid naming the item whose difference has no cause.
   */
  async completeStocktake(actor: Actor, id: number, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const stocktake = await repo.findStocktake(tx, id, true);
      if (!stocktake) throw notFound(`stocktake ${id}`);
      if (stocktake.status !== 'open') throw illegalTransition(`stocktake ${id} is ${stocktake.status}`);
      const counts = await repo.listCounts(tx, id);
      if (counts.length === 0) throw illegalTransition(`stocktake ${id} has no counts yet`);
      const differing = counts
        .map((c) => ({ count: c, difference: round3(Number(c.counted_quantity) - Number(c.book_quantity)) }))
        .filter((d) => d.difference !== 0);
      for (const { count } of differing) {
        if (!count.cause) throw invalid(`counts.${count.item_id}.cause`, 'explain the difference between counted and book');
      }
      const adjustments: MovementRow[] = [];
      for (const { count, difference } of differing) {
        adjustments.push(
          await this.#book(
            tx,
            actor,
            {
              itemId: count.item_id,
              direction: difference > 0 ? 'in' : 'out',
              quantity: Math.abs(difference),
              reason: 'stocktake_adjustment',
              occurredAt: this.#clock.now(),
              supplierId: null,
              supplierName: null,
              batch: null,
              note: count.cause,
              sourceRef: `stocktake:${id}`,
              productionId: null,
              stocktakeId: id,
            },
            context,
          ),
        );
      }
      await repo.closeStocktake(tx, id, 'completed');
      await recordAudit(
        tx,
        actor,
        {
          action: 'stocktake.completed',
          entityType: 'stocktake',
          entityId: id,
          before: { status: 'open' },
          after: { status: 'completed', counted: counts.length, adjustments: adjustments.map((m) => Number(m.id)) },
        },
        context,
      );
      return { ...(await this.stocktake(id, tx)), adjustments };
    });
  }

  async cancelStocktake(actor: Actor, id: number, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const stocktake = await repo.findStocktake(tx, id, true);
      if (!stocktake) throw notFound(`stocktake ${id}`);
      if (stocktake.status !== 'open') throw illegalTransition(`stocktake ${id} is ${stocktake.status}`);
      await repo.closeStocktake(tx, id, 'cancelled');
      await recordAudit(
        tx,
        actor,
        {
          action: 'stocktake.cancelled',
          entityType: 'stocktake',
          entityId: id,
          before: { status: 'open' },
          after: { status: 'cancelled' },
        },
        context,
      );
      return this.stocktake(id, tx);
    });
  }

  // Production: what the kitchen cooked, drawing on batches (traceability, waste)

  /**
   * Records that the kitchen prepared `portions` of a dish for a meal and books the recipe's
   * ingredients out of stock against batches: those the cook names (from the labels), the
   * rest first-in first-out. Consumption not covered by any batch is booked without one and
   * shows as untraced.
   * @throws AppError conflict when an ingredient is short.
   */
  async recordProduction(
    actor: Actor,
    input: ProductionInput,
    context: AuditContext = {},
  ): Promise<{ production: ProductionRow; consumption: MovementRow[] }> {
    if (!isDate(input.serviceDate)) throw invalid('serviceDate', 'must be a date YYYY-MM-DD');
    return this.#db.transaction(async (tx) => {
      if (!(await menuRepo.findCanteen(tx, input.canteenId))) throw invalid('canteenId', `no canteen ${input.canteenId}`);
      const dish = (await menuRepo.findDishes(tx, [input.dishId]))[0];
      if (!dish) throw invalid('dishId', `no dish ${input.dishId}`);
      const recipe = await menuRepo.listRecipes(tx, [input.dishId]);
      if (recipe.length === 0) throw invalid('dishId', `${input.dishId} has no recipe; record it first`);
      const named = input.batches ?? [];
      for (const [index, entry] of named.entries()) {
        if (!recipe.some((line) => line.item_id === entry.itemId))
          throw invalid(`batches.${index}.itemId`, `${entry.itemId} is not in the recipe of ${input.dishId}`);
        await this.#checkBatch(tx, entry.itemId, entry.batch, `batches.${index}.batch`);
      }
      const productionId = await repo.insertProduction(tx, {
        canteenId: input.canteenId,
        dishId: input.dishId,
        serviceDate: input.serviceDate,
        mealPeriod: input.mealPeriod,
        portions: input.portions,
        note: input.note ?? null,
        recordedBy: actor.userId,
      });
      const draws: Array<{ itemId: string; batch: string | null; quantity: number }> = [];
      for (const line of recipe) {
        const required = round3(Number(line.quantity) * input.portions);
        const entries = named.filter((entry) => entry.itemId === line.item_id);
        if (entries.length > 0) {
          const open = entries.filter((entry) => entry.quantity === undefined);
          if (open.length > 1) throw invalid('batches', `give quantities when ${line.item_id} comes from several batches`);
          const given = round3(entries.reduce((sum, entry) => sum + (entry.quantity ?? 0), 0));
          for (const entry of entries) {
            const quantity = entry.quantity ?? round3(required - given);
            if (quantity > 0) draws.push({ itemId: line.item_id, batch: entry.batch, quantity });
          }
          continue;
        }
        const balances = (await repo.batchBalances(tx, line.item_id)).map((b) => ({
          batch: b.batch,
          receivedAt: b.received_at,
          remaining: Number(b.remaining),
        }));
        const { allocations, untraced } = allocateFifo(required, balances);
        for (const a of allocations) draws.push({ itemId: line.item_id, batch: a.batch, quantity: a.quantity });
        if (untraced > 0) draws.push({ itemId: line.item_id, batch: null, quantity: untraced });
      }
      const consumption: MovementRow[] = [];
      for (const draw of draws) {
        consumption.push(
          await this.#book(
            tx,
            actor,
            {
              itemId: draw.itemId,
              direction: 'out',
              quantity: draw.quantity,
              reason: 'consumption',
              occurredAt: this.#clock.now(),
              supplierId: null,
              supplierName: null,
              batch: draw.batch,
              note: `${input.portions} × ${dish.name}`,
              sourceRef: `production:${productionId}`,
              productionId,
              stocktakeId: null,
            },
            context,
          ),
        );
      }
      const production = await repo.findProduction(tx, productionId);
      if (!production) throw notFound(`production record ${productionId}`);
      await recordAudit(
        tx,
        actor,
        {
          action: 'production_record.created',
          entityType: 'production_record',
          entityId: productionId,
          after: {
            canteenId: input.canteenId,
            dishId: input.dishId,
            serviceDate: input.serviceDate,
            mealPeriod: input.mealPeriod,
            portions: input.portions,
            consumption: draws,
          },
        },
        context,
      );
      return { production, consumption };
    });
  }

  async production(id: number): Promise<{ production: ProductionRow; consumption: MovementRow[] }> {
    const production = await repo.findProduction(this.#db, id);
    if (!production) throw notFound(`production record ${id}`);
    return { production, consumption: await repo.movementsOfProductions(this.#db, [id]) };
  }

  async listProduction(filter: Parameters<typeof repo.listProduction>[1]) {
    const rows = await repo.listProduction(this.#db, filter);
    const movements = await repo.movementsOfProductions(
      this.#db,
      rows.map((r) => Number(r.id)),
    );
    return rows.map((production) => ({
      production,
      consumption: movements.filter((m) => Number(m.production_id) === Number(production.id)),
    }));
  }

  // Traceability (food safety)

  /** Forward: from a delivered batch to every dish and meal it went into. */
  async traceBatch(itemId: string, batch: string) {
    const [deliveries, uses, balances] = await Promise.all([
      repo.deliveriesOfBatches(this.#db, [{ itemId, batch }]),
      repo.usesOfBatch(this.#db, itemId, batch),
      repo.batchBalances(this.#db, itemId),
    ]);
    if (deliveries.length === 0) throw notFound(`batch ${batch} of ${itemId}`);
    const dishes = new Map<string, { dishId: string; name: string | null; nameZh: string | null }>();
    const meals = new Map<string, { canteenId: string; serviceDate: string; mealPeriod: MealPeriod }>();
    for (const use of uses) {
      if (use.dish_id) dishes.set(use.dish_id, { dishId: use.dish_id, name: use.dish_name, nameZh: use.dish_name_zh });
      if (use.canteen_id && use.service_date && use.meal_period) {
        meals.set(`${use.service_date}|${use.canteen_id}|${use.meal_period}`, {
          canteenId: use.canteen_id,
          serviceDate: use.service_date,
          mealPeriod: use.meal_period,
        });
      }
    }
    return {
      itemId,
      batch,
      deliveries,
      remaining: Number(balances.find((b) => b.batch === batch)?.remaining ?? 0),
      uses,
      dishes: [...dishes.values()],
      meals: [...meals.values()].sort((a, b) => a.serviceDate.localeCompare(b.serviceDate)),
    };
  }

  /** Backward: from a dish served on a day (and meal) to the batches and suppliers behind it. */
  async traceDish(key: { dishId: string; date: string; mealPeriod?: MealPeriod | undefined; canteenId?: string | undefined }) {
    const dish = (await menuRepo.findDishes(this.#db, [key.dishId]))[0];
    if (!dish) throw notFound(`dish ${key.dishId}`);
    const productions = await repo.productionsOf(this.#db, key);
    const consumption = await repo.movementsOfProductions(
      this.#db,
      productions.map((p) => Number(p.id)),
    );
    const used = new Map<
      string,
      { itemId: string; name: string; nameZh: string | null; batch: string; quantityUsed: number; unit: string }
    >();
    const untraced = new Map<string, { itemId: string; quantity: number; unit: string }>();
    for (const m of consumption) {
      if (m.batch === null) {
        const entry = untraced.get(m.item_id) ?? { itemId: m.item_id, quantity: 0, unit: m.unit };
        entry.quantity = round3(entry.quantity + Number(m.quantity));
        untraced.set(m.item_id, entry);
        continue;
      }
      const key = `${m.item_id}|${m.batch}`;
      const entry = used.get(key) ?? {
        itemId: m.item_id,
        name: m.item_name,
        nameZh: m.item_name_zh,
        batch: m.batch,
        quantityUsed: 0,
        unit: m.unit,
      };
      entry.quantityUsed = round3(entry.quantityUsed + Number(m.quantity));
      used.set(key, entry);
    }
    const deliveries = await repo.deliveriesOfBatches(
      this.#db,
      [...used.values()].map((u) => ({ itemId: u.itemId, batch: u.batch })),
    );
    const suppliers = new Map<string, { supplierId: string | null; supplierName: string | null }>();
    for (const d of deliveries) {
      if (d.supplier_id || d.supplier_name)
        suppliers.set(`${d.supplier_id ?? ''}|${d.supplier_name ?? ''}`, {
          supplierId: d.supplier_id,
          supplierName: d.supplier_name,
        });
    }
    return {
      dishId: key.dishId,
      date: key.date,
      productions: productions.map((production) => ({
        production,
        consumption: consumption.filter((m) => Number(m.production_id) === Number(production.id)),
      })),
      batches: [...used.values()].map((u) => ({
        ...u,
        deliveries: deliveries.filter((d) => d.item_id === u.itemId && d.batch === u.batch),
      })),
      untraced: [...untraced.values()],
      suppliers: [...suppliers.values()],
    };
  }
}
