import type { Gateway, IngestEvent, Logger } from '@campus/gateway';
import type { Db } from '@campus/storage';
import { eventsSince } from './catch-up.ts';
import type { RuleConfigStore } from './config-store.ts';
import { ruleStateUpsert } from './state-rows.ts';
import type { AnyRule, Effect, Facts, RuleInput } from './types.ts';

/** Where the engine's facts come from; `undefined` means "this source is not available". */
export interface FactsProvider {
  resident(cardId: string, at: Date, gateDeviceId: string): Promise<Facts['resident'] | undefined>;
  /** Looks up many swipes' residents at once, so that `resident` then answers from memory. */
  prefetchResidents?(swipes: ReadonlyArray<{ cardId: string; at: Date; gateDeviceId: string }>): void;
  gate(deviceId: string): Promise<Facts['gate'] | undefined>;
  day(site: string, at: Date): Promise<Facts['day'] | undefined>;
  stockItem(itemId: string): Promise<Facts['stockItem'] | undefined>;
  curfew(site: string, at: Date): Promise<Facts['curfew'] | undefined>;
}

export interface EffectApplier {
  apply(rule: AnyRule, site: string, at: Date, effect: Effect): Promise<void>;
}

export interface RuleEngineOptions {
  db: Db;
  rules: AnyRule[];
  configs: RuleConfigStore;
  facts: FactsProvider;
  effects: EffectApplier;
  log: Logger;
  /** Sites to tick when no state names them yet. */
  sites: () => string[];
  tickMs?: number;
  now?: () => Date;
  maxBacklog?: number;
}

const OWNER = 'rules';
/**
 * Events the engine holds in memory before it falls back to reading the tables: two of the
 * writer's largest batches. More only filled the hub's heap budget (hub/src/memory-budget.ts)
 * under a flood the engine could not keep up with anyway.
 */
const DEFAULT_MAX_BACKLOG = 8_000;
const TICK_KEY = '*';
/** How often rule state and the watermark are saved while events flow. */
const PERSIST_EVERY_MS = 500;
/** How far back a restarted engine reads events it may have missed. */
const CATCH_UP_WINDOW_MS = 24 * 3_600_000;

/**
 * Feeds the live event stream to the rules (IOT-7..10). Processing is sequential, in arrival
 * order; each rule's state is kept per (rule, site, key) in memory and written to the
 * database after every batch together with a watermark, so a restarted engine resumes from
 * the same states and reads back the events it missed. Effects are idempotent (one open alert
 * per rule and subject, one ticket per dedupe key, one requisition per episode), which is
 * what makes replaying a batch harmless. One rule that throws is logged; the others still run.
 */
export class RuleEngine {
  readonly #options: RuleEngineOptions;
  readonly #states = new Map<string, unknown>();
  readonly #dirty = new Set<string>();
  #queue: Promise<void> = Promise.resolve();
  #watermark = new Date(0);
  /** Events gone through whose receive time is the watermark (device id, event id). */
  readonly #seenAtWatermark = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #backlog = 0;
  #behind = false;
  #lastPersist = 0;
  #persistTimer: NodeJS.Timeout | undefined;
  /** The snapshot being written (writes are serial, and off the event queue). */
  #writing: Promise<void> = Promise.resolve();
  processed = 0;
  failures = 0;

  constructor(options: RuleEngineOptions) {
    this.#options = options;
  }

  async start(gateway: Gateway): Promise<void> {
    const { db } = this.#options;
    await this.#options.configs.load();
    for (const row of await db.query<{ rule_id: string; site: string; key: string; state: unknown }>(
      'SELECT rule_id, site, key, state FROM rule_state',
    )) {
      this.#states.set(stateKey(row.rule_id, row.site, row.key), row.state);
    }
    const mark = (await db.query<{ received_at: Date }>("SELECT received_at FROM rule_watermarks WHERE kind = 'all'"))[0]
      ?.received_at;
    this.#running = true;
    // Subscribe first so nothing falls between the catch-up read and the live stream; events
    // the catch-up already covered are skipped by the watermark.
    gateway.bus.on('ingest.events_stored', OWNER, (events) => this.enqueue(events));
    gateway.bus.on('ingest.message_rejected', OWNER, (deadLetter) => {
      const site = deadLetter.deviceId ? gateway.registry.get(deadLetter.deviceId)?.site : undefined;
      if (!deadLetter.deviceId || !site) return;
      const rejected = { ...deadLetter, deviceId: deadLetter.deviceId };
      void this.enqueueSignal(site, { kind: 'reject', rejected, facts: {} }, deadLetter.receivedAt);
    });
    gateway.bus.on('device.status', OWNER, (change) => {
      const signal = { deviceId: change.deviceId, kind: change.kind, status: change.status, receivedAt: change.receivedAt };
      void this.enqueueSignal(change.site, { kind: 'status', signal, facts: {} }, change.receivedAt);
    });
    const since = mark ?? new Date(this.#now().getTime() - CATCH_UP_WINDOW_MS);
    this.#watermark = since;
    // Read from the tables in chunks, so not subject to the live backlog bound.
    this.#queue = this.#queue
      .then(() => this.#catchUp(new Date(Math.max(since.getTime(), this.#now().getTime() - CATCH_UP_WINDOW_MS)), false))
      .catch((err: unknown) => this.#options.log.error({ err }, 'rule catch-up failed'));
    await this.#queue;
    this.#timer = setInterval(() => void this.tick(this.#now()), this.#options.tickMs ?? 30_000);
    this.#timer.unref();
  }

  async stop(gateway?: Gateway): Promise<void> {
    this.#running = false;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#persistTimer) clearTimeout(this.#persistTimer);
    this.#persistTimer = undefined;
    gateway?.bus.removeOwner(OWNER);
    await this.#queue;
    // What the last batches learned is saved before the engine lets go.
    await this.#persist();
  }

  /**
   * Queues events behind those already queued; resolves when they are processed. Past
   * `maxBacklog` waiting events the live stream is not held in memory: the engine notes that
   * it is behind and, once the queue has drained, reads what it skipped back from the event
   * tables from its watermark, so memory stays bounded and nothing is forgotten.
   */
  enqueue(events: IngestEvent[]): Promise<void> {
    // Once behind, every live event waits for the catch-up: one taken in meanwhile would move the
    // watermark past the events skipped before it, and those would never be read back.
    if (this.#behind || this.#backlog + events.length > (this.#options.maxBacklog ?? DEFAULT_MAX_BACKLOG)) {
      if (!this.#behind)
        this.#options.log.warn({ backlog: this.#backlog }, 'rules are behind the event stream; will catch up from the tables');
      if (!this.#behind) {
        this.#behind = true;
        // Whatever is queued now drains first; then the skipped events come back from the tables.
        this.#queue = this.#queue
          .then(() => this.#catchUpIfBehind())
          .catch((err: unknown) => this.#options.log.error({ err }, 'rule catch-up failed'));
      }
      return this.#queue;
    }
    this.#backlog += events.length;
    this.#queue = this.#queue
      .then(() => this.#process(events))
      .catch((err: unknown) => this.#options.log.error({ err }, 'rule batch failed'))
      .finally(() => {
        this.#backlog -= events.length;
      })
      .then(() => this.#catchUpIfBehind());
    return this.#queue;
  }

  /**
   * Queues a signal that is not a stored event: a message the gateway refused from a registered
   * device, or a device's status. Signals are not read back after a restart (only stored events
   * are); past `maxBacklog` they are dropped, since a flood of them is then already an episode.
   */
  enqueueSignal(site: string, input: Extract<RuleInput, { kind: 'reject' | 'status' }>, at: Date): Promise<void> {
    if (this.#backlog >= (this.#options.maxBacklog ?? DEFAULT_MAX_BACKLOG)) return this.#queue;
    this.#backlog += 1;
    this.#queue = this.#queue
      .then(() => this.#processSignal(site, input, at))
      .catch((err: unknown) => this.#options.log.error({ err }, 'rule signal failed'))
      .finally(() => {
        this.#backlog -= 1;
      });
    return this.#queue;
  }

  /** Events waiting in memory for the rules (bounded by `maxBacklog`). */
  get backlog(): number {
    return this.#backlog;
  }

  async #catchUpIfBehind(): Promise<void> {
    if (!this.#behind || this.#backlog > 0 || !this.#running) return;
    this.#behind = false;
    // Inclusive: events stamped in the watermark's millisecond may still be new to the engine.
    await this.#catchUp(this.#watermark, true);
  }

  /**
   * Reads the events stored after `since` back from the tables, a chunk at a time, and processes
   * them. Each later chunk starts at the millisecond the previous one reached, inclusive (what
   * was gone through there is remembered). After a restart that memory is gone, so the first
   * read there is exclusive: a restart may miss events of its watermark's millisecond rather
   * than go through some twice.
   */
  async #catchUp(since: Date, inclusive: boolean): Promise<void> {
    let from = since;
    let first = inclusive;
    let total = 0;
    for (;;) {
      const chunk = await eventsSince(this.#options.db, from, { inclusive: first });
      first = true;
      await this.#process(chunk.events);
      total += chunk.events.length;
      if (!chunk.more || !this.#running) break;
      if (this.#watermark.getTime() <= from.getTime()) {
        // A whole chunk stamped in one millisecond: nothing more can be read past it.
        this.#options.log.warn({ at: from }, 'rule catch-up cannot advance past one millisecond of events');
        break;
      }
      from = this.#watermark;
    }
    if (total > 0) this.#options.log.info({ events: total, since }, 'rules caught up on events read back from the tables');
  }

  /** Runs the time-driven rules (offline gates, curfew) for every key and site they hold. */
  tick(now: Date): Promise<void> {
    this.#queue = this.#queue
      .then(() => this.#tick(now))
      .catch((err: unknown) => this.#options.log.error({ err }, 'rule tick failed'));
    return this.#queue;
  }

  /** Drops what a rule learned about a key (e.g. a repaired machine's baseline), everywhere. */
  forget(ruleId: string, keyPrefix: string): Promise<void> {
    this.#queue = this.#queue
      .then(async () => {
        for (const id of [...this.#states.keys()]) {
          const [rule, , key] = id.split('|');
          if (rule === ruleId && key?.startsWith(keyPrefix)) {
            this.#states.delete(id);
            this.#dirty.delete(id);
          }
        }
        // A snapshot taken before the forgetting must not write the old state back afterwards.
        await this.#writing;
        await this.#options.db.query('DELETE FROM rule_state WHERE rule_id = $1 AND starts_with(key, $2)', [ruleId, keyPrefix]);
      })
      .catch((err: unknown) => this.#options.log.error({ err }, 'forgetting rule state failed'));
    return this.#queue;
  }

  /** For tests and the rules page: the current state of one key. */
  stateOf(ruleId: string, site: string, key: string): unknown {
    return this.#states.get(stateKey(ruleId, site, key));
  }

  async #process(events: IngestEvent[]): Promise<void> {
    // Ask for every swipe's resident at once: the provider keeps the answers briefly, so the
    // sequential pass below finds them ready instead of waiting a database round trip per swipe.
    const swipes: Array<{ cardId: string; at: Date; gateDeviceId: string }> = [];
    for (const event of events) {
      if (event.kind === 'gate' && event.receivedAt >= this.#watermark)
        swipes.push({ cardId: event.cardId, at: event.ts, gateDeviceId: event.deviceId });
    }
    if (swipes.length > 0) this.#options.facts.prefetchResidents?.(swipes);
    for (const event of events) {
      // Stopping: what is left is read back from the tables by the next start (watermark).
      if (!this.#running) break;
      // Already processed (the catch-up and the live stream overlap, and so do a restart's
      // catch-up and the events before it). Events stamped exactly at the watermark may be new:
      // those this engine already went through are remembered, since going through a swipe twice
      // is a passback. (After a restart that millisecond may be gone through again.)
      if (event.receivedAt < this.#watermark) continue;
      if (event.kind === 'terminal') continue;
      const atWatermark = event.receivedAt.getTime() === this.#watermark.getTime();
      const key = `${event.deviceId}\u0000${event.eventId}`;
      if (atWatermark && this.#seenAtWatermark.has(key)) continue;
      const facts = new FactCache(this.#options.facts, event);
      for (const rule of this.#options.rules) {
        if (!rule.on.includes(event.kind)) continue;
        try {
          // Facts already looked up for this event, and rules without effects, go on without
          // awaiting: a microtask per rule and key was a large part of the engine's cost per event.
          const known = facts.known(rule.needs ?? []);
          const gathered = known === undefined ? await facts.gather(rule.needs ?? []) : known;
          if (!gathered) continue;
          const input = { kind: event.kind, event, facts: gathered } as Exclude<RuleInput, { kind: 'tick' }>;
          for (const key of rule.keysOf(input)) {
            const applying = this.#evaluate(rule, event.site, key, input, event.ts);
            if (applying !== undefined) await applying;
          }
        } catch (err) {
          this.failures += 1;
          this.#options.log.error({ err, rule: rule.id, deviceId: event.deviceId }, `rule ${rule.id} failed`);
        }
      }
      this.processed += 1;
      if (!atWatermark) {
        this.#watermark = event.receivedAt;
        this.#seenAtWatermark.clear();
      }
      this.#seenAtWatermark.add(key);
    }
    this.#persistSoon();
  }

  async #processSignal(site: string, input: Extract<RuleInput, { kind: 'reject' | 'status' }>, at: Date): Promise<void> {
    if (!this.#running) return;
    for (const rule of this.#options.rules) {
      if (!rule.on.includes(input.kind)) continue;
      try {
        for (const key of rule.keysOf(input)) {
          const applying = this.#evaluate(rule, site, key, input, at);
          if (applying !== undefined) await applying;
        }
      } catch (err) {
        this.failures += 1;
        this.#options.log.error({ err, rule: rule.id, input: input.kind }, `rule ${rule.id} failed`);
      }
    }
    this.#persistSoon();
  }

  async #tick(now: Date): Promise<void> {
    if (!this.#running) return;
    for (const rule of this.#options.rules.filter((r) => r.on.includes('tick'))) {
      const sites = new Set(this.#options.sites());
      const keys = new Map<string, string[]>();
      for (const stored of this.#states.keys()) {
        const [ruleId, site, key] = stored.split('|');
        if (ruleId !== rule.id || !site || key === undefined) continue;
        sites.add(site);
        keys.set(site, [...(keys.get(site) ?? []), key]);
      }
      for (const site of sites) {
        try {
          const facts: Facts = {};
          const needs = rule.needs ?? [];
          if (needs.includes('day')) {
            const day = await this.#options.facts.day(site, now);
            if (day === undefined) continue;
            facts.day = day;
          }
          if (needs.includes('curfew')) {
            const curfew = await this.#options.facts.curfew(site, now);
            if (curfew === undefined) continue;
            facts.curfew = curfew;
          }
          // A tick-only rule keeps one state per site; the others tick every key they hold.
          const tickOnly = rule.on.every((kind) => kind === 'tick');
          for (const key of tickOnly ? [TICK_KEY] : (keys.get(site) ?? [])) {
            const applying = this.#evaluate(rule, site, key, { kind: 'tick', now, facts }, now);
            if (applying !== undefined) await applying;
          }
        } catch (err) {
          this.failures += 1;
          this.#options.log.error({ err, rule: rule.id, site }, `rule ${rule.id} tick failed`);
        }
      }
    }
    this.#persistSoon();
  }

  /** Runs one rule on one key; returns a promise only when there are effects to apply. */
  #evaluate(rule: AnyRule, site: string, key: string, input: RuleInput, at: Date): Promise<void> | undefined {
    const id = stateKey(rule.id, site, key);
    const state = this.#states.get(id) ?? rule.initial();
    const result = rule.evaluate(state, input, this.#options.configs.get(rule, site), key);
    // Rules are pure: the same object back means nothing changed, so there is nothing to keep
    // or save. Stateless rules (forbidden hours, invalid cards) thus hold no entry per card;
    // they used to be most of the engine's memory and of its state writes under load.
    if (result.state !== state) {
      this.#states.set(id, result.state);
      this.#dirty.add(id);
    }
    if (result.effects.length === 0) return undefined;
    return this.#apply(rule, site, at, result.effects);
  }

  async #apply(rule: AnyRule, site: string, at: Date, effects: Effect[]): Promise<void> {
    for (const effect of effects) await this.#options.effects.apply(rule, site, at, effect);
  }

  /**
   * Saves state and watermark together, at most every PERSIST_EVERY_MS: under a busy stream,
   * writing every dirty key after every small batch was most of the engine's database traffic.
   * A crash loses at most that much progress, and the catch-up replays it from the watermark
   * saved with the state, so the outcome is the same (effects are idempotent).
   */
  #persistSoon(): void {
    const wait = this.#lastPersist + PERSIST_EVERY_MS - Date.now();
    if (wait <= 0) {
      void this.#persist();
      return;
    }
    if (this.#persistTimer) return;
    this.#persistTimer = setTimeout(() => {
      this.#persistTimer = undefined;
      // On the queue: the snapshot is taken between batches, never in the middle of one.
      this.#queue = this.#queue.then(() => void this.#persist());
    }, wait);
    this.#persistTimer.unref();
  }

  /**
   * Takes a consistent snapshot (the dirty states and the watermark, at once) and writes it
   * behind the previous write, without holding up the events that follow: a large snapshot
   * took tens of milliseconds to write, and the alerts waiting behind it paid for it. A failed
   * write puts its keys back to be written next time.
   */
  #persist(): Promise<void> {
    this.#lastPersist = Date.now();
    if (this.#dirty.size === 0) return this.#writing;
    const ids = [...this.#dirty];
    this.#dirty.clear();
    const upsert = ruleStateUpsert(ids, (id) => JSON.stringify(this.#states.get(id)));
    const watermark = this.#watermark;
    this.#writing = this.#writing
      .then(() =>
        this.#options.db.transaction(async (tx) => {
          await tx.query(upsert.sql, upsert.params);
          await tx.query(
            `INSERT INTO rule_watermarks (kind, received_at) VALUES ('all', $1)
             ON CONFLICT (kind) DO UPDATE SET received_at = GREATEST(rule_watermarks.received_at, EXCLUDED.received_at)`,
            [watermark],
          );
        }),
      )
      .catch((err: unknown) => {
        this.#options.log.error({ err }, 'saving rule state failed; will retry with the next save');
        for (const id of ids) if (this.#states.has(id)) this.#dirty.add(id);
      });
    return this.#writing;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}

function stateKey(ruleId: string, site: string, key: string): string {
  return `${ruleId}|${site}|${key}`;
}

/** What a rule that needs no facts is given: one object for every event (rules never change their input). */
const NO_FACTS: Facts = Object.freeze({});

/** Looks facts up at most once per event, and only those the rules ask for. */
class FactCache {
  readonly #provider: FactsProvider;
  readonly #event: IngestEvent;
  /** Answers looked up for this event (undefined: the source is unavailable). */
  readonly #resolved = new Map<keyof Facts, unknown>();

  constructor(provider: FactsProvider, event: IngestEvent) {
    this.#provider = provider;
    this.#event = event;
  }

  /**
   * The facts when every need was looked up already (null: a source is unavailable, the rule
   * then does not run), or undefined when some are still to be looked up: then `gather`.
   */
  known(needs: ReadonlyArray<keyof Facts>): Facts | null | undefined {
    if (needs.length === 0) return NO_FACTS;
    const facts: Facts = {};
    for (const need of needs) {
      if (!this.#resolved.has(need)) return undefined;
      const value = this.#resolved.get(need);
      if (value === undefined) return null;
      (facts as Record<string, unknown>)[need] = value;
    }
    return facts;
  }

  /** The facts, or null when a needed source is unavailable (the rule then does not run). */
  async gather(needs: ReadonlyArray<keyof Facts>): Promise<Facts | null> {
    for (const need of needs) {
      if (!this.#resolved.has(need)) this.#resolved.set(need, await this.#lookup(need));
      if (this.#resolved.get(need) === undefined) return null;
    }
    return this.known(needs) ?? null;
  }

  #lookup(need: keyof Facts): Promise<unknown> {
    const event = this.#event;
    switch (need) {
      case 'resident':
        return event.kind === 'gate'
          ? this.#provider.resident(event.cardId, event.ts, event.deviceId)
          : Promise.resolve(undefined);
      case 'gate':
        return this.#provider.gate(event.deviceId);
      case 'day':
        return this.#provider.day(event.site, event.ts);
      case 'stockItem':
        return event.kind === 'scale' ? this.#provider.stockItem(event.itemId) : Promise.resolve(undefined);
      case 'curfew':
        return this.#provider.curfew(event.site, event.ts);
    }
  }
}
