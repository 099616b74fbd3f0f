import type * as access from './access-repository.ts';
import type * as res from './resident-repository.ts';
import type { CardStatus, ResidentStatus } from './vocabulary.ts';

/**
 * What the dormitories tell the access rules of the gates ([4 of 7], IOT-8): who holds a card,
 * who is away on leave, who holds a visitor pass, who is expected in tonight. Plain values,
 * not rows, so the rules never depend on this context's tables. Proposed for contracts.ts.
 */

export interface CardHolder {
  residentId: number;
  personNo: string;
  name: string;
  status: ResidentStatus;
  /** Where they live (null unless allocated or checked in). */
  buildingId: string | null;
  roomId: string | null;
  card: { cardId: string; status: CardStatus; validFrom: Date; validTo: Date | null };
}

export interface ActiveLeave {
  leaveId: number;
  residentId: number;
  startsAt: Date;
  endsAt: Date;
  destination: string | null;
}

export interface ActiveVisitorPass {
  passId: number;
  hostResidentId: number;
  buildingId: string;
  visitorName: string;
  cardId: string | null;
  validFrom: Date;
  validTo: Date;
}

export interface ExpectedResident {
  residentId: number;
  personNo: string;
  name: string;
  buildingId: string;
  roomId: string;
  /** Active cards: a swipe with any of them counts as the resident's. */
  cardIds: string[];
}

export function toCardHolder(card: access.CardRow, resident: res.ResidentRow): CardHolder {
  return {
    residentId: Number(resident.id),
    personNo: resident.person_no,
    name: resident.name,
    status: resident.status,
    buildingId: resident.building_id,
    roomId: resident.room_id,
    card: { cardId: card.card_id, status: card.status, validFrom: card.valid_from, validTo: card.valid_to },
  };
}

export function toActiveLeave(row: res.LeaveRow): ActiveLeave {
  return {
    leaveId: Number(row.id),
    residentId: Number(row.resident_id),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    destination: row.destination,
  };
}

export function toActivePass(row: res.VisitorPassRow): ActiveVisitorPass {
  return {
    passId: Number(row.id),
    hostResidentId: Number(row.host_resident_id),
    buildingId: row.building_id,
    visitorName: row.visitor_name,
    cardId: row.card_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

export function toExpected(row: res.ExpectedRow): ExpectedResident {
  return {
    residentId: Number(row.id),
    personNo: row.person_no,
    name: row.name,
    buildingId: row.building_id,
    roomId: row.room_id,
    cardIds: row.card_ids ?? [],
  };
}
