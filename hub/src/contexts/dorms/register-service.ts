import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import type { TicketOpener, Urgency } from '../../contracts.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { dependencyUnavailable } from './errors.ts';
import { DEFAULT_FACILITIES, facilityLabel, parseFacilities } from './facilities.ts';
import { isUser, reportsAnyFault } from './policy.ts';
import * as reg from './register-repository.ts';
import * as residents from './resident-repository.ts';
import { type BuildingGender, type Condition, type FacilityKind, facilityInfo, type Gender } from './vocabulary.ts';

const BUILDING_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;
const ROOM_NUMBER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;
const ASSET_ID = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;
const MAX_BEDS = 12;

export interface BuildingInput {
  name: string;
  nameEn?: string | null | undefined;
  gender: BuildingGender;
  floors: number;
  /** For a mixed building: the gender of each floor that takes residents. */
  floorGenders?: Array<{ floor: number; gender: Gender }> | undefined;
}

export interface RoomInput {
  buildingId: string;
  floor: number;
  number: string;
  beds: number;
  /** Register spec (see facilities.ts); default: DEFAULT_FACILITIES. */
  facilities?: string | undefined;
}

export const roomIdOf = (buildingId: string, number: string) => `${buildingId}-${number}`;

/** "1号楼 402室 / Building 1 room 402": the place text a ticket carries. */
export function placeText(room: Pick<reg.RoomRow, 'building_name' | 'number' | 'building_id'>): string {
  return `${room.building_name} ${room.number}室 / ${room.building_id} room ${room.number}`;
}

/**
 * The dormitory register (DRM-4): buildings (gender-separated, by building or by floor),
 * rooms with their beds, each room's facility register, and the faults residents report on
 * it, which become maintenance tickets through the TicketOpener.
 */
export class RegisterService {
  readonly #db: Db;
  readonly #tickets: TicketOpener | undefined;

  constructor(db: Db, options: { tickets?: TicketOpener | undefined }) {
    this.#db = db;
    this.#tickets = options.tickets;
  }

  listBuildings(): Promise<reg.BuildingRow[]> {
    return reg.listBuildings(this.#db);
  }

  async getBuilding(id: string, q: Queryable = this.#db): Promise<reg.BuildingRow> {
    const row = await reg.findBuilding(q, id);
    if (!row) throw notFound(`building ${id}`);
    return row;
  }

  /** Creates or updates a building; a mixed building names the gender of its floors. */
  async saveBuilding(
    actor: Actor,
    id: string,
    input: BuildingInput,
    context: AuditContext = {},
    tx?: Queryable,
  ): Promise<reg.BuildingRow> {
    if (!BUILDING_ID.test(id)) throw invalid('id', 'must be 1-16 letters, digits, _ - (e.g. B1)');
    if (!input.name.trim()) throw invalid('name', 'must not be empty');
    const floorGenders = input.floorGenders ?? [];
    const seen = new Set<number>();
    floorGenders.forEach((f, index) => {
      if (f.floor < 1 || f.floor > input.floors)
        throw invalid(`floorGenders.${index}.floor`, `must be between 1 and ${input.floors}`);
      if (seen.has(f.floor)) throw invalid(`floorGenders.${index}.floor`, `floor ${f.floor} is listed twice`);
      seen.add(f.floor);
    });
    if (input.gender !== 'mixed' && floorGenders.length > 0)
      throw invalid(
        'floorGenders',
        'only a mixed building sets genders per floor; a single-gender building applies to every floor',
      );
    const work = async (q: Queryable) => {
      const before = await reg.findBuilding(q, id);
      if (before && (await reg.highestRoomFloor(q, id)) > input.floors)
        throw conflict('floors', `building ${id} has rooms above floor ${input.floors}`);
      await reg.upsertBuilding(q, {
        id,
        name: input.name.trim(),
        nameEn: input.nameEn ?? null,
        gender: input.gender,
        floors: input.floors,
      });
      await reg.replaceFloorGenders(q, id, floorGenders);
      const after = await this.getBuilding(id, q);
      await recordAudit(
        q,
        actor,
        {
          action: before ? 'dorm_building.updated' : 'dorm_building.created',
          entityType: 'dorm_building',
          entityId: id,
          before: before && auditedBuilding(before),
          after: auditedBuilding(after),
        },
        context,
      );
      return after;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  /**
   * A room with `beds` beds (labelled 1..n) and its facility register.
   * @throws AppError conflict when the room number exists in the building.
   */
  async createRoom(actor: Actor, input: RoomInput, context: AuditContext = {}, tx?: Queryable): Promise<reg.RoomRow> {
    if (!ROOM_NUMBER.test(input.number)) throw invalid('number', 'must be 1-16 letters, digits, _ -');
    if (!(Number.isInteger(input.beds) && input.beds >= 1 && input.beds <= MAX_BEDS))
      throw invalid('beds', `must be 1-${MAX_BEDS}`);
    const bedLabels = Array.from({ length: input.beds }, (_, i) => String(i + 1));
    const facilities = parseFacilities(input.facilities ?? DEFAULT_FACILITIES, bedLabels);
    if (!facilities.ok) throw invalid('facilities', facilities.reason);
    const id = roomIdOf(input.buildingId, input.number);
    const work = async (q: Queryable) => {
      const building = await reg.findBuilding(q, input.buildingId);
      if (!building) throw invalid('buildingId', `no building ${input.buildingId}`);
      if (!(Number.isInteger(input.floor) && input.floor >= 1 && input.floor <= building.floors))
        throw invalid('floor', `must be between 1 and ${building.floors} (the floors of ${building.name})`);
      if (await reg.findRoom(q, id)) throw conflict('number', `room ${input.number} exists in ${building.name}`);
      await reg.insertRooms(q, [
        { id, buildingId: input.buildingId, floor: input.floor, number: input.number, bedLabels, facilities: facilities.items },
      ]);
      const room = await reg.findRoom(q, id);
      if (!room) throw new Error(`room ${id} vanished after insert`);
      await recordAudit(
        q,
        actor,
        {
          action: 'dorm_room.created',
          entityType: 'dorm_room',
          entityId: id,
          after: {
            buildingId: room.building_id,
            floor: room.floor,
            number: room.number,
            beds: room.beds,
            facilities: facilities.items.length,
          },
        },
        context,
      );
      return room;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  listRooms(filter: reg.RoomFilter): Promise<reg.RoomRow[]> {
    return reg.listRooms(this.#db, filter);
  }

  async getRoom(id: string, q: Queryable = this.#db): Promise<reg.RoomRow> {
    const room = await reg.findRoom(q, id);
    if (!room) throw notFound(`room ${id}`);
    return room;
  }

  /** A room with its beds (who sleeps there only for `showOccupants`) and its facility register with recent faults. */
  async roomDetail(id: string, showOccupants: boolean) {
    const room = await this.getRoom(id);
    const [beds, items] = await Promise.all([reg.bedsOf(this.#db, id), reg.itemsOf(this.#db, id)]);
    const faults = await reg.faultsOf(
      this.#db,
      items.map((i) => Number(i.id)),
    );
    return {
      room,
      beds: beds.map((bed) => ({
        ...bed,
        resident_id: showOccupants ? bed.resident_id : null,
        resident_name: showOccupants ? bed.resident_name : null,
        occupied: bed.resident_id !== null,
      })),
      items,
      faults,
    };
  }

  itemsOf(roomId: string, q: Queryable = this.#db): Promise<reg.FacilityItemRow[]> {
    return reg.itemsOf(q, roomId);
  }

  async addFacilityItem(
    actor: Actor,
    roomId: string,
    input: { kind: FacilityKind; label?: string | undefined; assetId?: string | null | undefined },
    context: AuditContext = {},
  ): Promise<reg.FacilityItemRow> {
    if (input.assetId && !ASSET_ID.test(input.assetId)) throw invalid('assetId', 'is not an asset number');
    return this.#db.transaction(async (tx) => {
      await this.getRoom(roomId, tx);
      const count = (await reg.itemsOf(tx, roomId)).filter((i) => i.kind === input.kind).length;
      const row = await reg.insertItem(tx, {
        roomId,
        kind: input.kind,
        label: input.label?.trim() || facilityLabel(input.kind, count + 1),
        assetId: input.assetId ?? null,
      });
      await recordAudit(
        tx,
        actor,
        { action: 'dorm_facility.added', entityType: 'dorm_facility_item', entityId: Number(row.id), after: auditedItem(row) },
        context,
      );
      return row;
    });
  }

  async updateFacilityItem(
    actor: Actor,
    itemId: number,
    changes: {
      label?: string | undefined;
      assetId?: string | null | undefined;
      condition?: Condition | undefined;
      note?: string | null | undefined;
    },
    context: AuditContext = {},
  ): Promise<reg.FacilityItemRow> {
    if (changes.assetId && !ASSET_ID.test(changes.assetId)) throw invalid('assetId', 'is not an asset number');
    if (changes.label !== undefined && !changes.label.trim()) throw invalid('label', 'must not be empty');
    return this.#db.transaction(async (tx) => {
      const before = await reg.lockItem(tx, itemId);
      if (!before) throw notFound(`facility item ${itemId}`);
      const after = await reg.updateItem(tx, itemId, { ...changes, label: changes.label?.trim() });
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_facility.updated',
          entityType: 'dorm_facility_item',
          entityId: itemId,
          before: auditedItem(before),
          after: auditedItem(after),
        },
        context,
      );
      return after;
    });
  }

  /**
   * DRM-4 with MNT-1: a resident of the room (or dorm staff) reports a facility fault; it opens
   * one maintenance ticket per item while one is open (dedupe `facility:<itemId>`), reported
   * in the resident's name so they accept the repair.
   * @throws AppError dependency_unavailable (409) when maintenance is not running.
   */
  async reportFault(
    actor: Actor,
    itemId: number,
    input: { description: string; urgency?: Urgency | undefined },
    context: AuditContext = {},
  ): Promise<{ fault: reg.FaultRow; ticketId: number; created: boolean; item: reg.FacilityItemRow }> {
    const description = input.description.trim();
    if (!description) throw invalid('description', 'must say what is wrong');
    return this.#db.transaction(async (tx) => {
      const item = await reg.lockItem(tx, itemId);
      if (!item) throw notFound(`facility item ${itemId}`);
      let reporter: number | null = actor.userId;
      if (!reportsAnyFault(actor)) {
        const own = actor.userId === null ? undefined : await residents.findResidentByUser(tx, actor.userId);
        // Only the room's own residents report its faults: others get the same answer as for a missing item.
        if (!own || own.room_id !== item.room_id || !isUser(actor, own.user_id)) throw notFound(`facility item ${itemId}`);
        reporter = actor.userId;
      }
      const tickets = this.#tickets;
      if (!tickets)
        throw dependencyUnavailable(
          'Maintenance',
          'a facility fault cannot become a repair ticket; report it at the dormitory office',
        );
      const room = await this.getRoom(item.room_id, tx);
      const info = facilityInfo(item.kind);
      const ticket = await tickets.openTicket(
        tx,
        actor,
        {
          source: 'facility',
          title: `${item.label}: ${description.slice(0, 80)}`,
          description,
          place: { buildingId: room.building_id, roomId: room.id, text: placeText(room) },
          assetId: item.asset_id,
          faultType: info.faultType,
          urgency: input.urgency ?? null,
          dedupeKey: `facility:${itemId}`,
          requesterUserId: reporter,
          evidence: { facilityItemId: itemId, kind: item.kind, label: item.label },
        },
        context,
      );
      const fault = await reg.insertFault(tx, {
        itemId,
        description,
        reportedBy: actor.userId,
        reporterName: actor.name,
        ticketId: ticket.id,
        ticketCreated: ticket.created,
      });
      const after = item.condition === 'ok' ? await reg.updateItem(tx, itemId, { condition: 'damaged' }) : item;
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_facility.fault_reported',
          entityType: 'dorm_facility_item',
          entityId: itemId,
          before: { condition: item.condition },
          after: { condition: after.condition, faultId: Number(fault.id), ticketId: ticket.id, ticketCreated: ticket.created },
        },
        context,
      );
      return { fault, ticketId: ticket.id, created: ticket.created, item: after };
    });
  }
}

function auditedBuilding(row: reg.BuildingRow) {
  return { name: row.name, nameEn: row.name_en, gender: row.gender, floors: row.floors, floorGenders: row.floor_genders ?? [] };
}

export function auditedItem(row: reg.FacilityItemRow) {
  return {
    roomId: row.room_id,
    kind: row.kind,
    label: row.label,
    assetId: row.asset_id,
    condition: row.condition,
    note: row.note,
  };
}
