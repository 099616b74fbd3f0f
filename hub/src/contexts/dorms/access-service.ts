import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { conflict, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { type CardHolder, toCardHolder } from './access-reads.ts';
import * as access from './access-repository.ts';
import * as reg from './register-repository.ts';
import * as residents from './resident-repository.ts';

const CARD_ID = /^[\x21-\x7E]{1,64}$/;
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const HOUR_MS = 3_600_000;
/** Movements are read within a window at most this long (the swipes table has no card index). */
export const MOVEMENT_WINDOW_MAX_DAYS = 92;

export interface CardInput {
  cardId: string;
  residentId: number;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
}

/**
 * Resident ↔ card ↔ gate (DRM-6): the cards residents swipe, which gate device belongs to which
 * building, what the gate_card_access view says for a card (the gateway's contract, see
 * migrations.ts), and what the gates recorded: a resident's movements and the occupancy.
 */
export class AccessService {
  readonly #db: Db;
  readonly #occupancyWindowMs: number;

  constructor(db: Db, options: { occupancyWindowHours?: number | undefined } = {}) {
    this.#db = db;
    this.#occupancyWindowMs = (options.occupancyWindowHours ?? 48) * HOUR_MS;
  }

  /** @throws AppError conflict when the card id is known already (a card id is never reused for someone else). */
  async issueCard(actor: Actor, input: CardInput, context: AuditContext = {}, tx?: Queryable): Promise<access.CardRow> {
    if (!CARD_ID.test(input.cardId)) throw invalid('cardId', 'must be 1-64 printable characters without spaces');
    if (input.validFrom && input.validTo && new Date(input.validTo) <= new Date(input.validFrom))
      throw invalid('validTo', 'must be after validFrom');
    const work = async (q: Queryable) => {
      const resident = await residents.findResident(q, input.residentId);
      if (!resident) throw invalid('residentId', `no resident ${input.residentId}`);
      if (resident.status === 'checked_out') throw illegalTransition(`resident ${input.residentId} has checked out: no new card`);
      const existing = await access.findCard(q, input.cardId);
      if (existing) throw conflict('cardId', `card ${input.cardId} is already registered (${existing.status})`);
      await access.insertCards(q, [
        {
          cardId: input.cardId,
          residentId: input.residentId,
          validFrom: input.validFrom ?? null,
          validTo: input.validTo ?? null,
        },
      ]);
      const card = await access.findCard(q, input.cardId);
      if (!card) throw new Error(`card ${input.cardId} vanished after insert`);
      await recordAudit(
        q,
        actor,
        { action: 'access_card.issued', entityType: 'access_card', entityId: input.cardId, after: auditedCard(card) },
        context,
      );
      return card;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  /** Revokes a card or records it lost; either way the gates refuse it from now on. */
  async setCardStatus(
    actor: Actor,
    cardId: string,
    input: { status: 'revoked' | 'lost'; reason: string },
    context: AuditContext = {},
  ): Promise<access.CardRow> {
    if (!input.reason.trim()) throw invalid('reason', 'must not be empty');
    return this.#db.transaction(async (tx) => {
      const before = await access.lockCard(tx, cardId);
      if (!before) throw notFound(`card ${cardId}`);
      if (before.status !== 'active') throw illegalTransition(`card ${cardId} is ${before.status} already`);
      await access.setCardStatus(tx, cardId, input.status, input.reason.trim());
      const after = await access.findCard(tx, cardId);
      if (!after) throw new Error(`card ${cardId} vanished`);
      await recordAudit(
        tx,
        actor,
        {
          action: `access_card.${input.status}`,
          entityType: 'access_card',
          entityId: cardId,
          before: auditedCard(before),
          after: auditedCard(after),
        },
        context,
      );
      return after;
    });
  }

  /** CardRegistry: revokes every active card of a resident in the caller's transaction, one audit entry each. */
  async revokeCardsOf(
    tx: Queryable,
    actor: Actor,
    residentId: number,
    reason: string,
    context: AuditContext = {},
  ): Promise<string[]> {
    const revoked = await access.revokeActiveCards(tx, residentId, reason);
    for (const cardId of revoked) {
      await recordAudit(
        tx,
        actor,
        {
          action: 'access_card.revoked',
          entityType: 'access_card',
          entityId: cardId,
          before: { status: 'active' },
          after: { status: 'revoked', reason, residentId },
        },
        context,
      );
    }
    return revoked;
  }

  listCards(filter: Parameters<typeof access.listCards>[1]): Promise<access.CardRow[]> {
    return access.listCards(this.#db, filter);
  }

  /** What each gate answers for the card now (rows of gate_card_access). */
  async cardAccess(cardId: string, gateDeviceId?: string): Promise<access.AccessRow[]> {
    return access.accessOf(this.#db, cardId, gateDeviceId);
  }

  listGates(): Promise<access.GateRow[]> {
    return access.listGates(this.#db);
  }

  /** Assigns a gate device (the gateway registry's id, e.g. gate-01) to a building. */
  async setGate(actor: Actor, deviceId: string, buildingId: string, context: AuditContext = {}): Promise<access.GateRow> {
    if (!DEVICE_ID.test(deviceId)) throw invalid('deviceId', 'is not a device id');
    return this.#db.transaction(async (tx) => {
      if (!(await reg.findBuilding(tx, buildingId))) throw invalid('buildingId', `no building ${buildingId}`);
      const before = await access.findGate(tx, deviceId);
      await access.upsertGates(tx, [{ deviceId, buildingId }]);
      const after = await access.findGate(tx, deviceId);
      if (!after) throw new Error(`gate ${deviceId} vanished`);
      await recordAudit(
        tx,
        actor,
        {
          action: 'building_gate.assigned',
          entityType: 'building_gate',
          entityId: deviceId,
          before: before ? { buildingId: before.building_id } : undefined,
          after: { buildingId },
        },
        context,
      );
      return after;
    });
  }

  async removeGate(actor: Actor, deviceId: string, context: AuditContext = {}): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const before = await access.findGate(tx, deviceId);
      if (!before) throw notFound(`gate ${deviceId}`);
      await access.deleteGate(tx, deviceId);
      await recordAudit(
        tx,
        actor,
        {
          action: 'building_gate.removed',
          entityType: 'building_gate',
          entityId: deviceId,
          before: { buildingId: before.building_id },
        },
        context,
      );
    });
  }

  /**
   * A resident's entries and exits (DRM-6), newest first, within [from, to) (default: the last
   * 30 days), at most MOVEMENT_WINDOW_MAX_DAYS long.
   */
  async movements(
    residentId: number,
    window: {
      from?: string | undefined;
      to?: string | undefined;
      before?: { ts: string; deviceId: string } | undefined;
      limit: number;
    },
  ) {
    const resident = await residents.findResident(this.#db, residentId);
    if (!resident) throw notFound(`resident ${residentId}`);
    const to = window.to ? new Date(window.to) : new Date();
    const from = window.from ? new Date(window.from) : new Date(to.getTime() - 30 * 24 * HOUR_MS);
    if (from >= to) throw invalid('from', 'must be before to');
    if (to.getTime() - from.getTime() > MOVEMENT_WINDOW_MAX_DAYS * 24 * HOUR_MS)
      throw invalid('from', `the window may span at most ${MOVEMENT_WINDOW_MAX_DAYS} days`);
    const cardIds = await access.cardIdsOf(this.#db, residentId);
    return access.movements(this.#db, { cardIds, from, to, before: window.before, limit: window.limit });
  }

  /** Per building: residents checked in, inside and outside by their last swipe, on leave (dashboard). */
  occupancy(at: Date = new Date()): Promise<access.OccupancyRow[]> {
    return access.occupancy(this.#db, new Date(at.getTime() - this.#occupancyWindowMs), at);
  }

  /** The resident a card belongs to, with where they live; undefined for an unknown card. */
  async residentByCard(cardId: string, q: Queryable = this.#db): Promise<CardHolder | undefined> {
    return (await this.residentsByCards([cardId], q)).get(cardId);
  }

  /** The holders of those of `cardIds` that are known, by card: two statements whatever the count. */
  async residentsByCards(cardIds: readonly string[], q: Queryable = this.#db): Promise<Map<string, CardHolder>> {
    const cards = await access.findCards(q, [...new Set(cardIds)]);
    const found = await residents.findResidents(q, [...new Set(cards.map((card) => Number(card.resident_id)))]);
    const byId = new Map(found.map((resident) => [Number(resident.id), resident]));
    const holders = new Map<string, CardHolder>();
    for (const card of cards) {
      const resident = byId.get(Number(card.resident_id));
      if (resident) holders.set(card.card_id, toCardHolder(card, resident));
    }
    return holders;
  }
}

export function auditedCard(row: access.CardRow) {
  return {
    residentId: Number(row.resident_id),
    status: row.status,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to?.toISOString() ?? null,
    revokedReason: row.revoked_reason,
  };
}
