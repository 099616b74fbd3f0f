import type { EventBus, GatewayEvents, IngestEvent, Logger } from '@campus/gateway';
import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import type { IngredientStock } from '../../contracts.ts';
import type { AuditContext } from '../audit/repository.ts';
import { assertTimeZone, CAMPUS_TIME_ZONE } from './clock.ts';
import { CateringImportService } from './import-service.ts';
import { type CateringLiveEvent, LiveFeed, type LiveListener } from './live.ts';
import { MenuService } from './menu-service.ts';
import { OrderService } from './order-service.ts';
import { type CateringPeers, peersIn } from './peers.ts';
import { PlanningService } from './planning-service.ts';
import { RatingService } from './rating-service.ts';
import type { CateringClock } from './settings.ts';
import { type StockLevel, StockService } from './stock-service.ts';

export type { CateringLiveEvent, LiveListener, StockLevel };

/** Listener owner on the gateway's bus (STYLE 8: removed together on stop). */
const BUS_OWNER = 'catering';
/** On start, terminal orders stored this recently without a kitchen order are picked up. */
export const CATCH_UP_MS = 24 * 3_600_000;

export interface CateringOptions {
  /** IANA zone of the campus (meal dates, cut-offs, "tomorrow"). */
  timeZone?: string | undefined;
  /** The clock; tests may fix it. */
  now?: (() => Date) | undefined;
  /** Scale weights older than this are not shown as live. */
  scaleMaxAgeMs?: number | undefined;
  /**
   * The hub's services, searched on each use for the optional peers (procurement drafts
   * requisitions, the calendar knows holidays): the composition root may build them later.
   */
  peers?: (() => object) | undefined;
}

export interface CateringStartOptions {
  /** The gateway's in-process bus: stored terminal orders arrive through it. */
  bus: Pick<EventBus<GatewayEvents>, 'on' | 'removeOwner'>;
  log?: Logger | undefined;
}

/**
 * Catering (regulation §5, CAT-1..8): menus and recipes, pre-orders and the kitchen queue,
 * the ingredient store with stocktakes and traceability, ratings and their analysis, purchase
 * planning. Its parts are reachable for the routes; the cross-context surface (IngredientStock,
 * stock levels for the low-stock rule, live events for the socket layer) is on this class.
 * Constructing assigns; `start` subscribes to the gateway's stored terminal orders.
 */
export class CateringService implements IngredientStock {
  readonly menu: MenuService;
  readonly orders: OrderService;
  readonly stock: StockService;
  readonly ratings: RatingService;
  readonly planning: PlanningService;
  readonly imports: CateringImportService;
  readonly clock: CateringClock;
  readonly #live: LiveFeed;
  #bus: CateringStartOptions['bus'] | undefined;
  readonly #peers: () => CateringPeers;
  #log: Logger | undefined;

  constructor(db: Db, options: CateringOptions = {}) {
    const timeZone = options.timeZone ?? CAMPUS_TIME_ZONE;
    assertTimeZone(timeZone);
    const clock: CateringClock = { timeZone, now: options.now ?? (() => new Date()) };
    this.clock = clock;
    this.#live = new LiveFeed((err, event) => this.#log?.error({ err, event: event.name }, 'catering live listener failed'));
    this.menu = new MenuService(db, clock);
    this.orders = new OrderService(db, { clock, menu: this.menu, live: this.#live });
    this.stock = new StockService(db, { clock, scaleMaxAgeMs: options.scaleMaxAgeMs });
    this.ratings = new RatingService(db, { clock, menu: this.menu, live: this.#live });
    const services = options.peers ?? (() => undefined);
    this.#peers = () => peersIn(services());
    this.planning = new PlanningService(db, { clock, menu: this.menu, peers: this.#peers });
    this.imports = new CateringImportService(db, { menu: this.menu, stock: this.stock });
  }

  /**
   * Subscribes to stored terminal orders (CAT-2) and picks up those stored while the hub was
   * not listening (the last day's, without a kitchen order yet).
   */
  async start(options: CateringStartOptions): Promise<void> {
    this.#log = options.log;
    this.#bus = options.bus;
    options.bus.on('ingest.events_stored', BUS_OWNER, (events) => this.#onStored(events));
    const caught = await this.orders.catchUp(new Date(this.clock.now().getTime() - CATCH_UP_MS));
    if (caught.length > 0)
      this.#log?.info({ orders: caught.length }, 'catering picked up terminal orders stored while it was not listening');
  }

  async stop(): Promise<void> {
    this.#bus?.removeOwner(BUS_OWNER);
    this.#bus = undefined;
  }

  async #onStored(events: IngestEvent[]): Promise<void> {
    const terminal = events.flatMap((e) =>
      e.kind === 'terminal' ? [{ deviceId: e.deviceId, eventId: e.eventId, ts: e.ts }] : [],
    );
    if (terminal.length > 0) await this.orders.receiveTerminalOrders(terminal);
  }

  /**
   * Live catering events (kitchen orders received and moved, meals rated) for the socket layer.
   * @returns a function that unsubscribes.
   */
  onLive(listener: LiveListener): () => void {
    return this.#live.on(listener);
  }

  /** Kitchen-queue events only (CAT-2): what a canteen's kitchen screen shows. */
  onKitchenOrder(
    listener: (event: Extract<CateringLiveEvent, { name: `catering.kitchen_order_${string}` }>) => void,
  ): () => void {
    return this.#live.on((event) => {
      if (event.name !== 'catering.meal_rated') listener(event);
    });
  }

  /** Per item: book quantity, latest scale weight (kg), safety stock, unit (IOT-7 low-stock rule). */
  stockLevels(q?: Queryable): Promise<StockLevel[]> {
    return this.stock.stockLevels(q);
  }

  safetyStockOf(itemId: string, q?: Queryable): Promise<number | undefined> {
    return this.stock.safetyStockOf(itemId, q);
  }

  /** IngredientStock (contracts.ts): procurement books delivered ingredients in (CAT-6). */
  receiveIngredient(
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
    context?: AuditContext,
  ): Promise<void> {
    return this.stock.receiveIngredient(tx, actor, input, context);
  }
}
