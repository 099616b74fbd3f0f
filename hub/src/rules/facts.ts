import type { Logger } from '@campus/gateway';
import type { Db } from '@campus/storage';
import type { CardHolder } from '../contexts/dorms/access-reads.ts';
import type { HubServices } from '../services.ts';
import type { FactsProvider } from './engine.ts';
import type { Facts, StockItemFacts } from './types.ts';

const CACHE_MS = 10_000;
const KG_PER_UNIT: Record<string, number> = { kg: 1, g: 0.001, jin: 0.5, 斤: 0.5, t: 1000 };

/** A value read at most every CACHE_MS (gate mappings and stock settings change rarely). */
function cached<T>(load: () => Promise<T>): () => Promise<T> {
  let value: { at: number; data: Promise<T> } | undefined;
  return () => {
    if (!value || Date.now() - value.at > CACHE_MS) value = { at: Date.now(), data: load() };
    const current = value;
    current.data.catch(() => {
      if (value === current) value = undefined;
    });
    return current.data;
  };
}

/**
 * Answers kept per key for `ttlMs` (bounded: cleared past `maxEntries`). With `retryUndefined`,
 * an `undefined` answer (the lookup failed) is not kept, so the next question asks again.
 * `prime` stores an answer found for many keys at once (a batch lookup).
 */
function keyedCache<T>(ttlMs: number, maxEntries: number, retryUndefined = false) {
  const entries = new Map<string, { at: number; value: Promise<T | undefined> }>();
  const fresh = (key: string) => {
    const hit = entries.get(key);
    return hit && Date.now() - hit.at < ttlMs ? hit : undefined;
  };
  const prime = (key: string, value: Promise<T | undefined>): void => {
    if (entries.size > maxEntries) entries.clear();
    entries.set(key, { at: Date.now(), value });
    if (retryUndefined) {
      void value.then((answer) => {
        if (answer === undefined && entries.get(key)?.value === value) entries.delete(key);
      });
    }
  };
  return {
    has: (key: string): boolean => fresh(key) !== undefined,
    prime,
    get: (key: string, load: () => Promise<T | undefined>): Promise<T | undefined> => {
      const hit = fresh(key);
      if (hit) return hit.value;
      const value = load();
      prime(key, value);
      return value;
    },
  };
}

/**
 * Facts for the rules from the dormitories, the academic calendar and the canteen stock. A
 * failed lookup answers `undefined` (the rule then stays quiet for that event) rather than
 * "unknown card", which would raise alerts for everyone.
 */
export function createFactsProvider(db: Db, services: HubServices, log: Logger): FactsProvider {
  const gates = cached(async () => new Map((await services.dorms.access.listGates()).map((g) => [g.device_id, g.building_id])));
  // A campus whose residents and cards are not entered yet has no access list: every card would
  // look "unknown", so the card rules wait for one instead of raising an alert per swipe.
  const hasAccessList = cached(async () => (await services.dorms.access.listCards({ limit: 1 })).length > 0);
  const stock = cached(async () => new Map((await services.catering.stockLevels()).map((level) => [level.itemId, level])));
  const safely = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (err) {
      log.warn({ err: String(err), what }, 'rule fact lookup failed');
      return undefined;
    }
  };

  /** What the dormitories say about a card presented at a gate, given its holder (undefined: none). */
  const residentFacts = (holder: CardHolder | undefined, cardId: string, at: Date, gateDeviceId: string) =>
    safely('resident', async (): Promise<Facts['resident']> => {
      if (!holder) return (await hasAccessList()) ? null : undefined;
      const building = (await gates()).get(gateDeviceId);
      const [leave, pass] = await Promise.all([
        services.dorms.activeLeave(holder.residentId, at),
        building ? services.dorms.activeVisitorPass(cardId, building, at) : Promise.resolve(undefined),
      ]);
      const expired = holder.card.validTo !== null && holder.card.validTo < at;
      return {
        residentId: String(holder.residentId),
        name: holder.name,
        buildingId: holder.buildingId,
        status: holder.status === 'checked_out' ? 'checked_out' : 'active',
        cardStatus: expired && holder.card.status === 'active' ? 'expired' : holder.card.status,
        onLeave: leave !== undefined,
        visitorPassBuildings: pass ? [pass.buildingId] : [],
      };
    });

  // A burst of swipes asks about the same cards again and again; the rules can live with facts
  // a few seconds old (the gate's own decision reads the database on every question).
  const residents = keyedCache<Facts['resident']>(3000, 20_000);
  const residentKey = (cardId: string, gateDeviceId: string) => `${cardId}|${gateDeviceId}`;
  // Every swipe asks about its day; the calendar changes rarely, so one read per campus date
  // serves a whole burst (and an edited calendar applies within CACHE_MS).
  const days = keyedCache<Facts['day']>(CACHE_MS, 400, true);

  return {
    resident: (cardId, at, gateDeviceId) =>
      residents.get(residentKey(cardId, gateDeviceId), async () =>
        residentFacts(await services.dorms.residentByCard(cardId), cardId, at, gateDeviceId),
      ),
    prefetchResidents: (swipes) => {
      const wanted = swipes.filter((swipe) => !residents.has(residentKey(swipe.cardId, swipe.gateDeviceId)));
      if (wanted.length === 0) return;
      // One lookup for the batch's cards instead of one per swipe (most swipes at a busy gate
      // are different cards); each swipe's answer is then primed for the rules' sequential pass.
      const holders = services.dorms.residentsByCards(wanted.map((swipe) => swipe.cardId));
      for (const { cardId, at, gateDeviceId } of wanted) {
        const key = residentKey(cardId, gateDeviceId);
        if (residents.has(key)) continue;
        residents.prime(
          key,
          holders.then(
            (found) => residentFacts(found.get(cardId), cardId, at, gateDeviceId),
            (err: unknown) => {
              log.warn({ err: String(err), what: 'residents' }, 'rule fact lookup failed');
              return undefined;
            },
          ),
        );
      }
    },
    gate: (deviceId) => safely('gate', async () => ({ buildingId: (await gates()).get(deviceId) ?? null })),
    day: (_site, at) => {
      const date = services.calendar.today(at);
      return days.get(date, () =>
        safely('day', async () => {
          const day = await services.calendar.dayInfo(date);
          return { curfew: day.curfew, visitingHours: day.visitingHours, isVacation: day.isVacation };
        }),
      );
    },
    stockItem: (itemId) =>
      safely('stock item', async (): Promise<StockItemFacts | null | undefined> => {
        const level = (await stock()).get(itemId);
        if (!level) return null;
        const unitWeightKg = KG_PER_UNIT[level.unit];
        // A scale cannot count items kept in pieces without a unit weight: the rule stays out of it.
        if (unitWeightKg === undefined) return undefined;
        return {
          itemId,
          name: level.nameZh ? `${level.name} / ${level.nameZh}` : level.name,
          unit: level.unit,
          unitWeightKg,
          safetyStock: level.safetyStock,
        };
      }),
    curfew: (_site, at) =>
      safely('curfew', async () => {
        const expected = await services.dorms.residentsExpectedTonight(undefined, at);
        const cards = expected.flatMap((resident) => resident.cardIds);
        if (cards.length === 0) return { outstanding: [] };
        // The ingest tables are the access record: who last went out and has not come in since.
        const last = await db.query<{ card_id: string; direction: string; ts: Date }>(
          `SELECT DISTINCT ON (card_id) card_id, direction, ts FROM gate_swipes
           WHERE card_id = ANY ($1::text[]) AND granted AND ts > $2::timestamptz - INTERVAL '36 hours' AND ts <= $2
           ORDER BY card_id, ts DESC`,
          [cards, at],
        );
        const lastByCard = new Map(last.map((row) => [row.card_id, row]));
        const outstanding = expected.flatMap((resident) => {
          const swipes = resident.cardIds
            .flatMap((card) => lastByCard.get(card) ?? [])
            .sort((a, b) => b.ts.getTime() - a.ts.getTime());
          const latest = swipes[0];
          return latest?.direction === 'out'
            ? [
                {
                  residentId: String(resident.residentId),
                  name: resident.name,
                  buildingId: resident.buildingId,
                  lastOutAt: latest.ts.toISOString(),
                },
              ]
            : [];
        });
        return { outstanding };
      }),
  };
}
