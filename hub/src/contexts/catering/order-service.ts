import type { Db, Queryable } from '@campus/storage';
import { type Actor, systemActor } from '../../actor.ts';
import { conflict, forbidden, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { checkPreOrder } from './cutoff.ts';
import { KITCHEN_NEXT, kitchenAllows } from './kitchen-workflow.ts';
import type { LiveFeed } from './live.ts';
import * as menuRepo from './menu-repository.ts';
import type { MenuService } from './menu-service.ts';
import type { KitchenOrderRow, PreOrderFilter, PreOrderRow } from './order-repository.ts';
import * as repo from './order-repository.ts';
import { isDinerOf } from './policy.ts';
import { presentKitchenOrder } from './present.ts';
import { type CateringClock, isUniqueViolation } from './settings.ts';
import type { KitchenStatus, MealPeriod, PreOrderStatus } from './vocabulary.ts';

export interface PreOrderInput {
  canteenId: string;
  serviceDate: string;
  mealPeriod: MealPeriod;
  lines: ReadonlyArray<{ dishId?: string | undefined; setMealId?: string | undefined; quantity: number }>;
}

/** A terminal order as the gateway reports it once stored: enough to find the stored row. */
export interface StoredTerminalOrder {
  deviceId: string;
  eventId: string;
  ts: Date;
}

const TERMINAL_ACTOR = systemActor('catering.terminals');

/** What the audit log keeps of a pre-order. */
function auditedPreOrder(row: PreOrderRow) {
  return {
    userId: Number(row.user_id),
    canteenId: row.canteen_id,
    serviceDate: row.service_date,
    mealPeriod: row.meal_period,
    status: row.status,
    total: Number(row.total),
    lines: row.lines.map((l) => ({ dishId: l.dishId, setMealId: l.setMealId, quantity: l.quantity })),
  };
}

/**
 * Orders: diners' pre-orders with cut-offs (CAT-1) and terminal orders turned into the kitchen
 * queue of the canteen that owns the terminal (CAT-2), pushed live to listeners.
 */
export class OrderService {
  readonly #db: Db;
  readonly #clock: CateringClock;
  readonly #menu: MenuService;
  readonly #live: LiveFeed;

  constructor(db: Db, options: { clock: CateringClock; menu: MenuService; live: LiveFeed }) {
    this.#db = db;
    this.#clock = options.clock;
    this.#menu = options.menu;
    this.#live = options.live;
  }

  /**
   * Places a diner's pre-order for one meal: only dishes and set meals on that meal's menu, at
   * the menu's prices, before the meal period's cut-off, one pre-order per diner and meal.
   * @throws AppError conflict (409) after the cut-off or when the diner already ordered this meal.
   */
  async placePreOrder(actor: Actor, input: PreOrderInput, context: AuditContext = {}): Promise<PreOrderRow> {
    const userId = actor.userId;
    if (userId === null) throw forbidden('pre-orders are placed by diners');
    const setting = await this.#menu.mealPeriod(input.mealPeriod);
    const check = checkPreOrder(this.#clock.now(), input.serviceDate, setting, this.#clock.timeZone);
    if (!check.ok) {
      if (check.reason === 'too_far_ahead') throw invalid('serviceDate', `pre-orders open at most until ${check.latest}`);
      throw conflict(
        'serviceDate',
        `pre-orders for ${input.mealPeriod} on ${input.serviceDate} closed at ${check.cutoffAt.toISOString()}`,
      );
    }
    const canteen = await this.#menu.canteen(input.canteenId);
    if (!canteen.active) throw invalid('canteenId', `canteen ${canteen.id} is closed`);
    const menu = await menuRepo.listMenu(this.#db, {
      canteenId: input.canteenId,
      from: input.serviceDate,
      to: input.serviceDate,
      mealPeriod: input.mealPeriod,
    });
    const seen = new Set<string>();
    const lines = input.lines.map((line, index) => {
      if ((line.dishId === undefined) === (line.setMealId === undefined))
        throw invalid(`lines.${index}`, 'name either a dishId or a setMealId');
      const field = line.dishId !== undefined ? 'dishId' : 'setMealId';
      const id = line.dishId ?? line.setMealId ?? '';
      if (seen.has(`${field}:${id}`)) throw invalid(`lines.${index}.${field}`, `${id} is listed twice; order a quantity instead`);
      seen.add(`${field}:${id}`);
      const entry = menu.find((e) => (field === 'dishId' ? e.dish_id === id : e.set_meal_id === id));
      if (!entry)
        throw invalid(
          `lines.${index}.${field}`,
          `${id} is not on the ${input.mealPeriod} menu of ${input.canteenId} on ${input.serviceDate}`,
        );
      return {
        dishId: line.dishId ?? null,
        setMealId: line.setMealId ?? null,
        quantity: line.quantity,
        unitPrice: Number(entry.price),
      };
    });
    const total = Math.round(lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0) * 100) / 100;
    try {
      return await this.#db.transaction(async (tx) => {
        const existing = await repo.findActivePreOrder(tx, userId, input.serviceDate, input.mealPeriod);
        if (existing) throw this.#alreadyOrdered(Number(existing.id));
        const id = await repo.insertPreOrder(tx, { userId, ...input, total, cutoffAt: check.cutoffAt, lines });
        const row = await repo.findPreOrder(tx, id);
        if (!row) throw notFound(`pre-order ${id}`);
        await recordAudit(
          tx,
          actor,
          { action: 'pre_order.placed', entityType: 'pre_order', entityId: id, after: auditedPreOrder(row) },
          context,
        );
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw this.#alreadyOrdered(null);
      throw err;
    }
  }

  #alreadyOrdered(id: number | null) {
    return conflict('mealPeriod', `you already pre-ordered this meal${id === null ? '' : ` (#${id})`}; cancel it to order again`);
  }

  /**
   * The diner withdraws their pre-order, until the cut-off that applied when they ordered.
   * Other diners' pre-orders are not found (never "forbidden": their existence is not told).
   */
  async cancelPreOrder(actor: Actor, id: number, context: AuditContext = {}): Promise<PreOrderRow> {
    return this.#db.transaction(async (tx) => {
      const before = await repo.findPreOrder(tx, id, true);
      if (!before || !isDinerOf(actor, before)) throw notFound(`pre-order ${id}`);
      if (before.status !== 'placed') throw illegalTransition(`pre-order ${id} is ${before.status}`);
      if (this.#clock.now().getTime() >= before.cutoff_at.getTime()) {
        throw conflict('serviceDate', `the cut-off passed at ${before.cutoff_at.toISOString()}; the kitchen is preparing it`);
      }
      return this.#setStatus(tx, actor, before, 'cancelled', context);
    });
  }

  /** Canteen staff hand a pre-order over at the counter, on its day. */
  async collectPreOrder(actor: Actor, id: number, context: AuditContext = {}): Promise<PreOrderRow> {
    return this.#db.transaction(async (tx) => {
      const before = await repo.findPreOrder(tx, id, true);
      if (!before) throw notFound(`pre-order ${id}`);
      if (before.status !== 'placed') throw illegalTransition(`pre-order ${id} is ${before.status}`);
      if (before.service_date !== this.#menu.today())
        throw illegalTransition(`pre-order ${id} is for ${before.service_date}, not today`);
      return this.#setStatus(tx, actor, before, 'collected', context);
    });
  }

  async #setStatus(tx: Queryable, actor: Actor, before: PreOrderRow, status: PreOrderStatus, context: AuditContext) {
    const id = Number(before.id);
    await repo.setPreOrderStatus(tx, id, status);
    const after = await repo.findPreOrder(tx, id);
    if (!after) throw notFound(`pre-order ${id}`);
    await recordAudit(
      tx,
      actor,
      {
        action: `pre_order.${status}`,
        entityType: 'pre_order',
        entityId: id,
        before: auditedPreOrder(before),
        after: auditedPreOrder(after),
      },
      context,
    );
    return after;
  }

  /** A diner's own pre-orders. */
  myPreOrders(actor: Actor, filter: Omit<PreOrderFilter, 'userId'>): Promise<PreOrderRow[]> {
    if (actor.userId === null) return Promise.resolve([]);
    return repo.listPreOrders(this.#db, { ...filter, userId: actor.userId });
  }

  /** Every diner's pre-orders (canteen staff). */
  preOrders(filter: Omit<PreOrderFilter, 'userId'>): Promise<PreOrderRow[]> {
    return repo.listPreOrders(this.#db, filter);
  }

  /** The kitchen's preparation list: pre-ordered portions per dish and meal for one day. */
  async prepList(canteenId: string, date: string | undefined) {
    await this.#menu.canteen(canteenId);
    const day = date ?? this.#menu.today();
    const rows = await repo.preOrderedPortions(this.#db, { from: day, to: day, canteenId });
    const names = new Map((await menuRepo.findDishes(this.#db, [...new Set(rows.map((r) => r.dish_id))])).map((d) => [d.id, d]));
    const meals = new Map<MealPeriod, Array<{ dishId: string; name: string | null; nameZh: string | null; portions: number }>>();
    for (const row of rows) {
      const list = meals.get(row.meal_period) ?? [];
      const dish = names.get(row.dish_id);
      list.push({ dishId: row.dish_id, name: dish?.name ?? null, nameZh: dish?.name_zh ?? null, portions: Number(row.portions) });
      meals.set(row.meal_period, list);
    }
    return { canteenId, date: day, meals: [...meals.entries()].map(([mealPeriod, dishes]) => ({ mealPeriod, dishes })) };
  }

  /**
   * Turns stored terminal orders into kitchen orders (CAT-2), audits each, and pushes them to
   * live listeners once committed. Safe to call again with the same events.
   * @returns the kitchen orders created now.
   */
  async receiveTerminalOrders(stored: readonly StoredTerminalOrder[]): Promise<KitchenOrderRow[]> {
    if (stored.length === 0) return [];
    return this.#import({ keys: stored });
  }

  /** Picks up terminal orders stored since `since` that have no kitchen order yet (after a restart). */
  catchUp(since: Date): Promise<KitchenOrderRow[]> {
    return this.#import({ since });
  }

  async #import(source: Parameters<typeof repo.importTerminalOrders>[1]): Promise<KitchenOrderRow[]> {
    const created = await this.#db.transaction(async (tx) => {
      const ids = await repo.importTerminalOrders(tx, source, this.#clock.timeZone);
      if (ids.length === 0) return [];
      const rows = await repo.findKitchenOrders(tx, ids);
      for (const row of rows) {
        await recordAudit(tx, TERMINAL_ACTOR, {
          action: 'kitchen_order.received',
          entityType: 'kitchen_order',
          entityId: Number(row.id),
          after: {
            canteenId: row.canteen_id,
            deviceId: row.device_id,
            eventId: row.event_id,
            orderId: row.order_id,
            status: row.status,
          },
        });
      }
      return rows;
    });
    for (const row of created) {
      this.#live.emit({ name: 'catering.kitchen_order_received', canteenId: row.canteen_id, order: presentKitchenOrder(row) });
    }
    return created;
  }

  /** The live kitchen queue of a canteen, oldest first; open orders unless a status is asked. */
  async queue(canteenId: string, filter: { status?: KitchenStatus | undefined; afterId?: number | undefined; limit: number }) {
    await this.#menu.canteen(canteenId);
    const [rows, counts] = await Promise.all([
      repo.listKitchenQueue(this.#db, { canteenId, status: filter.status, afterId: filter.afterId, limit: filter.limit }),
      repo.countQueue(this.#db, canteenId),
    ]);
    return { rows, counts };
  }

  /**
   * Canteen staff move an order along the queue (pending → preparing → ready → served).
   * @throws AppError illegal_transition for a step the order's status does not allow.
   */
  async advance(actor: Actor, id: number, to: KitchenStatus, context: AuditContext = {}): Promise<KitchenOrderRow> {
    const { before, after } = await this.#db.transaction(async (tx) => {
      const before = await repo.findKitchenOrder(tx, id, true);
      if (!before) throw notFound(`kitchen order ${id}`);
      if (!kitchenAllows(before.status, to)) {
        const next = KITCHEN_NEXT[before.status];
        throw illegalTransition(
          `order ${id} is ${before.status}; ${next.length > 0 ? `it can go to ${next.join(' or ')}` : 'it is done'}`,
        );
      }
      await repo.setKitchenStatus(tx, id, to);
      const after = await repo.findKitchenOrder(tx, id);
      if (!after) throw notFound(`kitchen order ${id}`);
      await recordAudit(
        tx,
        actor,
        {
          action: `kitchen_order.${to}`,
          entityType: 'kitchen_order',
          entityId: id,
          before: { status: before.status },
          after: { status: to },
        },
        context,
      );
      return { before, after };
    });
    this.#live.emit({
      name: 'catering.kitchen_order_changed',
      canteenId: after.canteen_id,
      from: before.status,
      order: presentKitchenOrder(after),
    });
    return after;
  }
}
