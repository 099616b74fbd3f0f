import type { Server as HttpServer } from 'node:http';
import type { Gateway, IngestEvent, Logger } from '@campus/gateway';
import { alertCategoriesOf, can } from '@campus/protocol';
import { Server, type Socket } from 'socket.io';
import { presentAlert } from '../contexts/alerts/present.ts';
import type { SessionUser } from '../contexts/identity/service.ts';
import type { TicketChange } from '../contexts/maintenance/live.ts';
import type { HubServices } from '../services.ts';
import { LiveJournal, type LiveMessage } from './journal.ts';
import { NewestBuffer } from './newest-buffer.ts';
import { TelemetryCoalescer } from './telemetry-coalescer.ts';

export interface LiveChannelOptions {
  services: HubServices;
  gateway: Gateway;
  /** Verifies a session token the way the HTTP API does (app.jwt.verify). */
  verifyToken(token: string): Promise<{ sub: string; tv: number }>;
  log: Logger;
  journalCapacity?: number;
  telemetryFlushMs?: number;
  feedFlushMs?: number;
}

const OWNER = 'live-channel';
/**
 * Items the journal keeps for reconnecting clients: hours of an ordinary campus, seconds of a
 * flood (a client further behind re-reads over REST).
 */
const JOURNAL_ITEMS = 20_000;
/**
 * Swipes sent per flush: the newest, as many as the dashboard's access feed shows
 * (dashboard/src/views/security/feed-reducer.ts FEED_CAPACITY). Under a flood the rest would
 * only be dropped by every browser, after filling the journal and the sockets.
 */
const SWIPES_PER_FLUSH = 500;

/**
 * The live channel (socket.io at /live): authenticated with the API's session tokens, each
 * socket joins the rooms its roles allow (alerts per category, the access feed, telemetry, its
 * own notices). Raw telemetry is coalesced per second and swipes are sent in small batches,
 * so a browser is never flooded; every message carries a sequence number and a reconnecting
 * client asks for what it missed (`resume`).
 */
export class LiveChannel {
  readonly #options: LiveChannelOptions;
  readonly #journal: LiveJournal;
  readonly #telemetry = new TelemetryCoalescer();
  readonly #swipes = new NewestBuffer<unknown>(SWIPES_PER_FLUSH);
  #io: Server | undefined;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #unsubscribe: Array<() => void> = [];

  constructor(options: LiveChannelOptions) {
    this.#options = options;
    this.#journal = new LiveJournal(options.journalCapacity ?? JOURNAL_ITEMS);
  }

  attach(server: HttpServer): void {
    const io = new Server(server, { path: '/live', serveClient: false, cors: { origin: false } });
    io.use((socket, next) => {
      this.#authenticate(socket).then(
        (user) => {
          socket.data.user = user;
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
    io.on('connection', (socket) => this.#onConnection(socket));
    this.#io = io;
  }

  start(): void {
    const { services, gateway } = this.#options;
    gateway.bus.on('ingest.events_stored', OWNER, (events) => this.#onEvents(events));
    services.alerts.onChange((alert, change) =>
      this.publish(`alerts:${alert.category}`, 'alert', { change, alert: presentAlert(alert) }),
    );
    // CAT-2/CAT-7: kitchen orders and ratings reach canteen staff as they happen.
    this.#unsubscribe.push(services.catering.onLive((event) => this.publish('kitchen', event.name, event)));
    // MNT-3: planners' queues and technicians' lists follow ticket changes as they happen.
    this.#unsubscribe.push(
      services.maintenance.onTicketChange(
        (change) => this.#publishTicket(change),
        (err, change) => this.#options.log.error({ err, ticketId: change.ticketId }, 'live ticket change failed'),
      ),
    );
    services.alerts.onNotice((notice) => {
      if (notice.userId !== null) this.publish(`user:${notice.userId}`, 'alert.notice', notice);
    });
    this.#timers.push(
      setInterval(() => this.#flushTelemetry(), this.#options.telemetryFlushMs ?? 1000),
      setInterval(() => this.#flushSwipes(), this.#options.feedFlushMs ?? 250),
      setInterval(() => {
        gateway.metrics.snapshot().then(
          (stats) => this.publish('ingest', 'ingest.stats', stats),
          () => {},
        );
      }, 2000),
    );
    for (const timer of this.#timers) timer.unref();
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    this.#options.gateway.bus.removeOwner(OWNER);
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    const io = this.#io;
    this.#io = undefined;
    if (io) await new Promise<void>((resolve) => io.close(() => resolve()));
  }

  /** Sends to a room and keeps the message for clients that reconnect. */
  publish(room: string, event: string, data: unknown): LiveMessage {
    const message = this.#journal.append(room, event, data);
    this.#io?.to(room).emit(event, { seq: message.seq, data });
    return message;
  }

  async #authenticate(socket: Socket): Promise<SessionUser> {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token !== 'string') throw new Error('no token');
    const payload = await this.#options.verifyToken(token);
    const user = await this.#options.services.identity.resolveSession(Number(payload.sub), payload.tv);
    if (!user || user.mustChangePassword) throw new Error('no session');
    return user;
  }

  #roomsOf(user: SessionUser): string[] {
    const rooms = [`user:${user.userId}`, ...alertCategoriesOf(user.roles).map((category) => `alerts:${category}`)];
    if (can(user.roles, 'live.access_feed')) rooms.push('access');
    if (can(user.roles, 'live.telemetry')) rooms.push('telemetry');
    if (can(user.roles, 'ingest.read')) rooms.push('ingest');
    if (can(user.roles, 'catering.kitchen')) rooms.push('kitchen');
    if (can(user.roles, 'maintenance.read')) rooms.push('maintenance');
    return rooms;
  }

  #onConnection(socket: Socket): void {
    const user = socket.data.user as SessionUser;
    const rooms = this.#roomsOf(user);
    void socket.join(rooms);
    socket.emit('hello', { seq: this.#journal.lastSeq, rooms });
    socket.on('resume', (since: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const from = typeof since === 'number' && Number.isFinite(since) ? since : this.#journal.lastSeq;
      const { gap, messages } = this.#journal.since(from, new Set(rooms));
      ack({ gap, seq: this.#journal.lastSeq, messages: messages.map(({ seq, event, data }) => ({ seq, event, data })) });
    });
  }

  /**
   * Everyone who sees every ticket, the technician who has it (or just lost it) and the
   * requester. Only the id, the step and the status travel: see maintenance/live.ts.
   */
  #publishTicket(change: TicketChange): void {
    const rooms = new Set(['maintenance']);
    for (const userId of [change.technicianId, change.previousTechnicianId, change.requesterId])
      if (userId !== null) rooms.add(`user:${userId}`);
    const data = { ticketId: change.ticketId, change: change.change, status: change.status };
    for (const room of rooms) this.publish(room, 'maintenance.ticket', data);
  }

  #onEvents(events: IngestEvent[]): void {
    for (const event of events) {
      if (event.kind === 'gate') {
        this.#swipes.push({
          deviceId: event.deviceId,
          site: event.site,
          cardId: event.cardId,
          direction: event.direction,
          granted: event.granted,
          reason: event.reason,
          ts: event.ts.toISOString(),
        });
      } else if (event.kind === 'sensor') {
        for (const metric of event.metrics) this.#telemetry.add(event.assetId, metric.name, metric.value, metric.unit, event.ts);
      }
    }
  }

  #flushSwipes(): void {
    const batch = this.#swipes.take();
    if (batch.length > 0) this.publish('access', 'swipes', batch);
  }

  #flushTelemetry(): void {
    if (this.#telemetry.size === 0) return;
    this.publish('telemetry', 'telemetry', this.#telemetry.flush());
  }
}
