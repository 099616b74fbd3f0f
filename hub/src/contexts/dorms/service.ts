import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import type { AssetRegistrar, CardRegistry, TicketOpener } from '../../contracts.ts';
import { conflict, illegalTransition, invalid, notFound } from '../../errors.ts';
import type { ApprovalRequestRow, ApprovalService } from '../approvals/service.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import type { IdentityService } from '../identity/service.ts';
import {
  type ActiveLeave,
  type ActiveVisitorPass,
  type CardHolder,
  type ExpectedResident,
  toActiveLeave,
  toActivePass,
  toExpected,
} from './access-reads.ts';
import { AccessService } from './access-service.ts';
import { type AllocationRoom, allocate } from './allocation.ts';
import { dependencyUnavailable, firstProblem } from './errors.ts';
import { DormImportService } from './import-service.ts';
import { InspectionService } from './inspection-service.ts';
import {
  allocationNotice,
  checkedInNotice,
  checkedOutNotice,
  checkoutDecisionNotice,
  leaveDecisionNotice,
  type Notice,
  type PlaceNames,
} from './messages.ts';
import { isUser, managesCheckouts, managesLeaves } from './policy.ts';
import * as reg from './register-repository.ts';
import { placeText, RegisterService } from './register-service.ts';
import type { ResidentRow } from './resident-repository.ts';
import * as repo from './resident-repository.ts';
import type { Condition, Gender, ResidentKind } from './vocabulary.ts';
import { facilityInfo } from './vocabulary.ts';
import {
  checkoutAllows,
  checkoutCharges,
  conditionReportProblems,
  leaveAllows,
  type ReportedItem,
  residentAllows,
} from './workflow.ts';

export const CHECKOUT_KIND = 'dorm.checkout';
export const LEAVE_KIND = 'dorm.leave';
// Any constant will do: concurrent allocation runs serialise on it, so two never pick one bed.
const ALLOCATION_LOCK_KEY = 727_274_301;
const PERSON_NO = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const ID_LAST4 = /^[0-9Xx]{4}$/;
const MAX_LEAVE_DAYS = 92;
const MAX_PASS_DAYS = 31;
const DAY_MS = 86_400_000;

export interface DormServiceOptions {
  identity: IdentityService;
  approvals: ApprovalService;
  /** Maintenance (TicketOpener). Absent: steps that must open a ticket answer 409. */
  tickets?: TicketOpener | undefined;
  /** Assets (AssetRegistrar). Absent: a check-out that charges damage to an asset answers 409. */
  assets?: AssetRegistrar | undefined;
  /** Safety photos go to `<uploadsDir>/dorms/safety/`. */
  uploadsDir: string;
  occupancyWindowHours?: number | undefined;
}

export interface ResidentInput {
  personNo: string;
  name: string;
  gender: Gender;
  kind?: ResidentKind | undefined;
  cohort?: string | null | undefined;
  phone?: string | null | undefined;
  idLast4?: string | null | undefined;
  userId?: number | null | undefined;
}

export interface AllocationInput {
  buildingIds?: string[] | undefined;
  cohorts?: string[] | undefined;
  residentIds?: number[] | undefined;
  dryRun: boolean;
}

/** What the audit log keeps of a resident: no phone and no ID digits (DAT-6). */
function audited(row: ResidentRow) {
  return {
    personNo: row.person_no,
    name: row.name,
    kind: row.kind,
    gender: row.gender,
    cohort: row.cohort,
    status: row.status,
    bedId: row.bed_id,
    userId: row.user_id === null ? null : Number(row.user_id),
  };
}

function placeOf(row: {
  building_id: string | null;
  building_name: string | null;
  floor: number | null;
  room_id: string | null;
  room_number: string | null;
  bed_id: string | null;
  bed_label: string | null;
}): PlaceNames | null {
  if (row.building_id === null || row.room_id === null || row.bed_id === null) return null;
  return {
    buildingId: row.building_id,
    buildingName: row.building_name ?? row.building_id,
    floor: row.floor ?? 0,
    roomId: row.room_id,
    roomNumber: row.room_number ?? row.room_id,
    bedId: row.bed_id,
    bedLabel: row.bed_label ?? row.bed_id,
  };
}

async function notify(tx: Queryable, residentIds: readonly number[], notice: Notice): Promise<void> {
  await repo.insertNotifications(
    tx,
    residentIds.map((residentId) => ({ residentId, ...notice })),
  );
}

/**
 * Dormitories (regulation §6, DRM-1..7): residents, batch allocation before arrival with the
 * result published to each student, check-in with identity and a condition report, check-out
 * through approval to the released bed and revoked cards, leave and visitor passes. The
 * register, cards and gates, inspections and safety checks, and the CSV import are the
 * services it exposes. Implements the CardRegistry contract, and the reads the access rules
 * of the gateway consult (residentByCard, activeLeave, activeVisitorPass, residentsExpectedTonight).
 */
export class DormService implements CardRegistry {
  readonly #db: Db;
  readonly #identity: IdentityService;
  readonly #approvals: ApprovalService;
  readonly #tickets: TicketOpener | undefined;
  readonly #assets: AssetRegistrar | undefined;
  readonly register: RegisterService;
  readonly access: AccessService;
  readonly inspections: InspectionService;
  readonly imports: DormImportService;

  constructor(db: Db, options: DormServiceOptions) {
    this.#db = db;
    this.#identity = options.identity;
    this.#approvals = options.approvals;
    this.#tickets = options.tickets;
    this.#assets = options.assets;
    this.register = new RegisterService(db, { tickets: options.tickets });
    this.access = new AccessService(db, { occupancyWindowHours: options.occupancyWindowHours });
    this.inspections = new InspectionService(db, { tickets: options.tickets, uploadsDir: options.uploadsDir });
    this.imports = new DormImportService(db, this);
    options.approvals.define(CHECKOUT_KIND, {
      defaultSteps: [{ role: 'dorm_manager', label: 'Dormitory manager', labelZh: '宿舍管理员' }],
      onApproved: (tx, request, actor) => this.#settleCheckout(tx, request, actor, 'approved', null),
      onRejected: (tx, request, actor, reason) =>
        this.#settleCheckout(tx, request, actor, request.status === 'cancelled' ? 'cancelled' : 'rejected', reason),
    });
    options.approvals.define(LEAVE_KIND, {
      defaultSteps: [{ role: 'dorm_manager', label: 'Dormitory manager', labelZh: '宿舍管理员' }],
      onApproved: (tx, request, actor) => this.#settleLeave(tx, request, actor, 'approved', null),
      onRejected: (tx, request, actor, reason) =>
        this.#settleLeave(tx, request, actor, request.status === 'cancelled' ? 'cancelled' : 'rejected', reason),
    });
  }

  /** Runs work in one transaction of the dorm database (the demo seed writes through it). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#db.transaction(work);
  }

  // ── Residents ────────────────────────────────────────────────────────────────────────────

  /** @throws AppError conflict when the student/staff number or the user account is taken. */
  async createResident(actor: Actor, input: ResidentInput, context: AuditContext = {}, tx?: Queryable): Promise<ResidentRow> {
    const checked = checkResident(input);
    const work = async (q: Queryable) => {
      if (await repo.findResidentByPersonNo(q, checked.personNo))
        throw conflict('personNo', `${checked.personNo} is registered already`);
      await this.#checkUser(q, checked.userId, null);
      const id = await repo.insertResident(q, checked);
      const row = await this.getResident(id, q);
      await recordAudit(
        q,
        actor,
        { action: 'dorm_resident.created', entityType: 'dorm_resident', entityId: id, after: audited(row) },
        context,
      );
      return row;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  async updateResident(
    actor: Actor,
    id: number,
    changes: repo.ResidentChanges,
    context: AuditContext = {},
  ): Promise<ResidentRow> {
    if (changes.name !== undefined && !changes.name.trim()) throw invalid('name', 'must not be empty');
    if (changes.idLast4 && !ID_LAST4.test(changes.idLast4))
      throw invalid('idLast4', 'must be the last 4 characters of the ID document (digits or X)');
    return this.#db.transaction(async (tx) => {
      const before = await repo.lockResident(tx, id);
      if (!before) throw notFound(`resident ${id}`);
      await this.#checkUser(tx, changes.userId, id);
      await repo.updateResident(tx, id, { ...changes, idLast4: changes.idLast4?.toUpperCase() ?? changes.idLast4 });
      const after = await this.getResident(id, tx);
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_resident.updated',
          entityType: 'dorm_resident',
          entityId: id,
          before: audited(before),
          after: {
            ...audited(after),
            phoneChanged: changes.phone !== undefined,
            idDocumentChanged: changes.idLast4 !== undefined,
          },
        },
        context,
      );
      return after;
    });
  }

  async #checkUser(q: Queryable, userId: number | null | undefined, residentId: number | null): Promise<void> {
    if (userId === undefined || userId === null) return;
    if (!(await this.#identity.findUser(q, userId))) throw invalid('userId', `no user ${userId}`);
    const holder = await repo.findResidentByUser(q, userId);
    if (holder && Number(holder.id) !== residentId) throw conflict('userId', `user ${userId} is linked to another resident`);
  }

  /** The id of the user account with exactly this username (to link a resident), if any. */
  async userIdByUsername(username: string): Promise<number | undefined> {
    const rows = await this.#identity.listUsers({ q: username, limit: 200 });
    const row = rows.find((u) => u.username.toLowerCase() === username.toLowerCase());
    return row === undefined ? undefined : Number(row.id);
  }

  /**
   * An existing resident loaded at go-live (SYS-3) already lives in a bed: placed there checked
   * in, without a condition report (there was none before the system).
   */
  async placeImported(tx: Queryable, actor: Actor, residentId: number, bedId: string, context: AuditContext = {}): Promise<void> {
    const resident = await repo.lockResident(tx, residentId);
    if (!resident) throw notFound(`resident ${residentId}`);
    const bed = await reg.findBed(tx, bedId);
    if (bed?.status !== 'in_use') throw invalid('bedId', `no bed ${bedId} in a room in use`);
    if (bed.taken) throw invalid('bedId', `bed ${bedId} is taken`);
    if (bed.gender !== resident.gender) throw invalid('bedId', `bed ${bedId} is in a room for ${bed.gender ?? 'no gender set'}`);
    if (!residentAllows('allocate', resident.status))
      throw illegalTransition(`resident ${resident.person_no} is ${resident.status}`);
    await repo.setResidentState(tx, residentId, { status: 'checked_in', bedId });
    await recordAudit(
      tx,
      actor,
      {
        action: 'dorm_resident.placed',
        entityType: 'dorm_resident',
        entityId: residentId,
        before: audited(resident),
        after: { status: 'checked_in', bedId },
      },
      context,
    );
  }

  async getResident(id: number, q: Queryable = this.#db): Promise<ResidentRow> {
    const row = await repo.findResident(q, id);
    if (!row) throw notFound(`resident ${id}`);
    return row;
  }

  listResidents(filter: repo.ResidentFilter): Promise<ResidentRow[]> {
    return repo.listResidents(this.#db, filter);
  }

  /** The signed-in user's own resident record. @throws AppError not_found when they are not a resident. */
  async me(actor: Actor, q: Queryable = this.#db): Promise<ResidentRow> {
    const row = actor.userId === null ? undefined : await repo.findResidentByUser(q, actor.userId);
    if (!row) throw notFound('your resident record (the dormitory office links it to your account)');
    return row;
  }

  /** The resident a workflow acts on: the caller's own, or (for staff) any named one. */
  async #subject(q: Queryable, actor: Actor, residentId: number | undefined, staff: boolean): Promise<ResidentRow> {
    if (residentId === undefined) return this.me(actor, q);
    const row = await repo.findResident(q, residentId);
    if (!row || (!staff && !isUser(actor, row.user_id))) throw notFound(`resident ${residentId}`);
    return row;
  }

  async myNotifications(actor: Actor, limit: number, beforeId?: number) {
    const me = await this.me(actor);
    return repo.notificationsOf(this.#db, Number(me.id), beforeId, limit);
  }

  // ── Allocation (DRM-1) ───────────────────────────────────────────────────────────────────

  /**
   * Allocates beds to the residents awaiting one (or those named) by the deterministic
   * algorithm of allocation.ts, in one transaction; each placed student gets a notice. A dry
   * run returns the same plan and stores nothing.
   */
  async runAllocation(actor: Actor, input: AllocationInput, context: AuditContext = {}) {
    const buildingIds = input.buildingIds && input.buildingIds.length > 0 ? [...new Set(input.buildingIds)].sort() : null;
    const cohorts = input.cohorts && input.cohorts.length > 0 ? [...new Set(input.cohorts)].sort() : null;
    const residentIds =
      input.residentIds && input.residentIds.length > 0 ? [...new Set(input.residentIds)].sort((a, b) => a - b) : null;
    const run = async (tx: Queryable) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ALLOCATION_LOCK_KEY]);
      for (const [index, id] of (buildingIds ?? []).entries())
        if (!(await reg.findBuilding(tx, id))) throw invalid(`buildingIds.${index}`, `no building ${id}`);
      const candidates = await repo.allocationCandidates(tx, { cohorts, residentIds });
      const roomRows = await reg.allocatableRooms(tx, buildingIds);
      const rooms: AllocationRoom[] = roomRows.map((r) => ({
        id: r.id,
        buildingId: r.building_id,
        floor: r.floor,
        number: r.number,
        gender: r.gender,
        freeBeds: r.free_beds ?? [],
        occupantCohorts: r.occupant_cohorts ?? [],
      }));
      const result = allocate(
        candidates.map((c) => ({ id: Number(c.id), personNo: c.person_no, gender: c.gender, cohort: c.cohort })),
        rooms,
      );
      const personNo = new Map(candidates.map((c) => [Number(c.id), c.person_no]));
      const summary = {
        candidates: candidates.length,
        placed: result.assignments.length,
        unplaced: result.unplaced.length,
        cohorts: result.cohorts,
      };
      const plan = {
        dryRun: input.dryRun,
        ...summary,
        unplacedResidents: result.unplaced.map((u) => ({
          residentId: u.studentId,
          personNo: personNo.get(u.studentId) ?? '',
          reason: u.reason,
        })),
        assignments: result.assignments.map((a) => ({
          residentId: a.studentId,
          personNo: personNo.get(a.studentId) ?? '',
          bedId: a.bedId,
          roomId: a.roomId,
        })),
      };
      if (input.dryRun) return { runId: null, ...plan };
      const options = { buildingIds, cohorts, residentIds };
      const saved = await repo.insertAllocationRun(tx, { runBy: actor.userId, runByName: actor.name, options, summary });
      await repo.allocateBeds(
        tx,
        saved.id,
        result.assignments.map((a) => ({ residentId: a.studentId, bedId: a.bedId })),
      );
      const buildings = new Map((await reg.listBuildings(tx)).map((b) => [b.id, b.name]));
      const roomById = new Map(roomRows.map((r) => [r.id, r]));
      const notices = result.assignments.map((a) => {
        const room = roomById.get(a.roomId);
        const bed = room?.free_beds?.find((b) => b.id === a.bedId);
        return {
          residentId: a.studentId,
          ...allocationNotice({
            buildingId: room?.building_id ?? '',
            buildingName: buildings.get(room?.building_id ?? '') ?? room?.building_id ?? '',
            floor: room?.floor ?? 0,
            roomId: a.roomId,
            roomNumber: room?.number ?? a.roomId,
            bedId: a.bedId,
            bedLabel: bed?.label ?? a.bedId,
          }),
        };
      });
      await repo.insertNotifications(tx, notices);
      for (const a of result.assignments) {
        await recordAudit(
          tx,
          actor,
          {
            action: 'dorm_resident.allocated',
            entityType: 'dorm_resident',
            entityId: a.studentId,
            after: { status: 'allocated', bedId: a.bedId, roomId: a.roomId, runId: saved.id },
          },
          context,
        );
      }
      await recordAudit(
        tx,
        actor,
        { action: 'dorm_allocation.run', entityType: 'dorm_allocation_run', entityId: saved.id, after: { options, ...summary } },
        context,
      );
      return { runId: saved.id, ...plan };
    };
    return this.#db.transaction(run);
  }

  allocationRuns(limit: number, beforeId?: number) {
    return repo.listAllocationRuns(this.#db, beforeId, limit);
  }

  /** DRM-1 "result communicated": the student's own allocation. */
  async myAllocation(actor: Actor) {
    const me = await this.me(actor);
    return { resident: me, place: placeOf(me) };
  }

  // ── Check-in (DRM-2) ─────────────────────────────────────────────────────────────────────

  /**
   * Checks an allocated resident in at the desk: identity by student number and the last four
   * characters of the ID document, a condition report covering the room's facility register,
   * and optionally the campus card to register for the gates.
   */
  async checkIn(
    actor: Actor,
    input: { personNo: string; idLast4: string; items: ReportedItem[]; cardId?: string | undefined },
    context: AuditContext = {},
  ) {
    return this.#db.transaction(async (tx) => {
      const found = await repo.findResidentByPersonNo(tx, input.personNo.trim());
      if (!found) throw invalid('personNo', 'no resident with this number');
      const resident = await repo.lockResident(tx, Number(found.id));
      if (!resident) throw notFound(`resident ${found.id}`);
      if (!resident.id_last4)
        throw invalid('idLast4', 'no ID document on file for this resident; record it first (PATCH /residents/:id)');
      if (resident.id_last4.toUpperCase() !== input.idLast4.trim().toUpperCase())
        throw invalid('idLast4', 'does not match the ID document on file');
      if (!residentAllows('check_in', resident.status))
        throw illegalTransition(`resident ${resident.person_no} is ${resident.status}: only an allocated resident checks in`);
      const place = placeOf(resident);
      if (!place) throw new Error(`allocated resident ${resident.id} has no bed`);
      const register = await reg.itemsOf(tx, place.roomId);
      const problem = firstProblem(
        conditionReportProblems(
          register.map((i) => ({ id: Number(i.id), label: i.label })),
          input.items,
        ),
      );
      if (problem) throw problem;
      const items = reportItems(register, input.items);
      const report = await repo.insertConditionReport(tx, {
        kind: 'check_in',
        residentId: Number(resident.id),
        roomId: place.roomId,
        bedId: place.bedId,
        checkoutId: null,
        items,
        charged: 0,
        recordedBy: actor.userId,
        recordedByName: actor.name,
      });
      await reg.setConditions(
        tx,
        items.map((i) => ({ id: i.itemId, condition: i.condition, note: i.note })),
      );
      await repo.setResidentState(tx, Number(resident.id), { status: 'checked_in', bedId: place.bedId });
      if (input.cardId)
        await this.access.issueCard(actor, { cardId: input.cardId, residentId: Number(resident.id) }, context, tx);
      await notify(tx, [Number(resident.id)], checkedInNotice(place));
      const after = await this.getResident(Number(resident.id), tx);
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_resident.checked_in',
          entityType: 'dorm_resident',
          entityId: Number(resident.id),
          before: audited(resident),
          after: { ...audited(after), conditionReportId: Number(report.id), identityChecked: true },
        },
        context,
      );
      return { resident: after, report };
    });
  }

  // ── Check-out (DRM-3) ────────────────────────────────────────────────────────────────────

  /** A graduate (or staff leaving) asks to check out; the dormitory manager approves. */
  async requestCheckout(
    actor: Actor,
    input: { residentId?: number | undefined; reason: string; plannedOn?: string | undefined },
    context: AuditContext = {},
  ): Promise<repo.CheckoutRow> {
    if (!input.reason.trim()) throw invalid('reason', 'must not be empty');
    return this.#db.transaction(async (tx) => {
      const subject = await this.#subject(tx, actor, input.residentId, managesCheckouts(actor));
      const resident = await repo.lockResident(tx, Number(subject.id));
      if (!resident) throw notFound(`resident ${subject.id}`);
      if (!residentAllows('request_checkout', resident.status))
        throw illegalTransition(`resident ${resident.person_no} is ${resident.status}: only a checked-in resident checks out`);
      const open = await repo.openCheckoutOf(tx, Number(resident.id));
      if (open) throw illegalTransition(`check-out #${open.id} of this resident is ${open.status} already`);
      const id = await repo.insertCheckout(tx, {
        residentId: Number(resident.id),
        reason: input.reason.trim(),
        plannedOn: input.plannedOn ?? null,
        requestedBy: actor.userId,
        requestedByName: actor.name,
      });
      const approval = await this.#approvals.submit(
        tx,
        actor,
        {
          kind: CHECKOUT_KIND,
          subjectType: 'dorm_checkout',
          subjectId: id,
          title: `Check-out / 退宿: ${resident.name} (${resident.person_no}), ${resident.room_id ?? ''}`,
          payload: { residentId: Number(resident.id), roomId: resident.room_id, plannedOn: input.plannedOn ?? null },
        },
        context,
      );
      await repo.updateCheckout(tx, id, { approvalId: Number(approval.id) });
      const row = await repo.findCheckout(tx, id);
      if (!row) throw new Error(`check-out ${id} vanished`);
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_checkout.requested',
          entityType: 'dorm_checkout',
          entityId: id,
          after: { residentId: Number(resident.id), approvalId: Number(approval.id), reason: row.reason },
        },
        context,
      );
      return row;
    });
  }

  async #settleCheckout(
    tx: Queryable,
    request: ApprovalRequestRow,
    actor: Actor,
    outcome: 'approved' | 'rejected' | 'cancelled',
    reason: string | null,
  ): Promise<void> {
    const id = Number(request.subject_id);
    const checkout = await repo.lockCheckout(tx, id);
    if (!checkout) throw new Error(`approval ${request.id} names check-out ${id}, which does not exist`);
    if (!checkoutAllows(outcome === 'approved' ? 'approve' : outcome === 'rejected' ? 'reject' : 'cancel', checkout.status))
      throw illegalTransition(`check-out #${id} is ${checkout.status}`);
    await repo.updateCheckout(tx, id, { status: outcome, decisionNote: reason ?? undefined });
    if (outcome !== 'cancelled') await notify(tx, [Number(checkout.resident_id)], checkoutDecisionNotice(outcome, id, reason));
    await recordAudit(tx, actor, {
      action: `dorm_checkout.${outcome}`,
      entityType: 'dorm_checkout',
      entityId: id,
      before: { status: checkout.status },
      after: { status: outcome, approvalId: Number(request.id), note: reason },
    });
  }

  async listCheckouts(actor: Actor, filter: repo.CheckoutFilter) {
    if (managesCheckouts(actor)) return repo.listCheckouts(this.#db, filter);
    const me = await this.me(actor);
    return repo.listCheckouts(this.#db, { ...filter, residentId: Number(me.id) });
  }

  async checkoutDetail(actor: Actor, id: number) {
    const checkout = await repo.findCheckout(this.#db, id);
    if (!checkout) throw notFound(`check-out ${id}`);
    if (!managesCheckouts(actor)) {
      const me = actor.userId === null ? undefined : await repo.findResidentByUser(this.#db, actor.userId);
      if (!me || Number(me.id) !== Number(checkout.resident_id)) throw notFound(`check-out ${id}`);
    }
    const report = checkout.report_id === null ? undefined : await repo.findReport(this.#db, Number(checkout.report_id));
    return { checkout, report };
  }

  /**
   * Completes an approved check-out in one transaction (DRM-3): the condition report against
   * the room's register; new damage charged (to the asset register when the item is an asset)
   * and damaged items sent to maintenance; the bed released; the resident's cards revoked, so
   * the gates refuse them from this moment; the resident checked out and told.
   * @throws AppError dependency_unavailable (409) when damage needs assets or maintenance and they are not running.
   */
  async completeCheckout(actor: Actor, id: number, input: { items: ReportedItem[] }, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const checkout = await repo.lockCheckout(tx, id);
      if (!checkout) throw notFound(`check-out ${id}`);
      if (!checkoutAllows('complete', checkout.status))
        throw illegalTransition(
          checkout.status === 'requested'
            ? `check-out #${id} awaits approval (approval request #${checkout.approval_id}); it cannot be completed yet`
            : `check-out #${id} is ${checkout.status}`,
        );
      const residentId = Number(checkout.resident_id);
      const resident = await repo.lockResident(tx, residentId);
      if (!resident) throw notFound(`resident ${residentId}`);
      if (!residentAllows('check_out', resident.status))
        throw illegalTransition(`resident ${resident.person_no} is ${resident.status}`);
      const place = placeOf(resident);
      if (!place) throw new Error(`checked-in resident ${residentId} has no bed`);
      const register = await reg.itemsOf(tx, place.roomId);
      const problems = conditionReportProblems(
        register.map((i) => ({ id: Number(i.id), label: i.label })),
        input.items,
      );
      const baseline = await repo.lastCheckInReport(tx, residentId, place.roomId);
      const atCheckIn = new Map<number, Condition>((baseline?.items ?? []).map((i) => [i.itemId, i.condition]));
      const { charges, problems: chargeProblems } = checkoutCharges(input.items, atCheckIn);
      const problem = firstProblem([...problems, ...chargeProblems]);
      if (problem) throw problem;
      const items = reportItems(register, input.items);
      const byId = new Map(register.map((i) => [Number(i.id), i]));
      const room = await reg.findRoom(tx, place.roomId);
      if (!room) throw new Error(`room ${place.roomId} vanished`);
      const charged = new Map(charges.map((c) => [c.itemId, c.cost]));
      const needsAssets = charges.some((c) => byId.get(c.itemId)?.asset_id);
      const damaged = items.filter((i) => i.condition !== 'ok' && atCheckIn.get(i.itemId) !== i.condition);
      const assets = this.#assets;
      if (needsAssets && !assets)
        throw dependencyUnavailable('The asset register', 'damage to a registered asset cannot be charged');
      const tickets = this.#tickets;
      if (damaged.length > 0 && !tickets)
        throw dependencyUnavailable('Maintenance', 'damaged facilities cannot be sent for repair');
      for (const item of items) {
        const cost = charged.get(item.itemId);
        if (cost !== undefined) item.charged = cost;
        const registered = byId.get(item.itemId);
        if (cost !== undefined && registered?.asset_id && assets) {
          await assets.recordDamage(
            tx,
            actor,
            {
              assetId: registered.asset_id,
              description: `Check-out #${id}, room ${room.building_id}-${room.number}: ${item.label} ${item.condition}${item.note ? ` (${item.note})` : ''}`,
              cost,
              chargedTo: `resident ${resident.person_no} ${resident.name}`,
            },
            context,
          );
        }
      }
      for (const item of damaged) {
        if (!tickets) break;
        const ticket = await tickets.openTicket(
          tx,
          actor,
          {
            source: 'checkout',
            title: `${item.label} ${item.condition === 'missing' ? 'missing' : 'damaged'} at check-out`,
            description: `Found at the check-out of ${resident.person_no} (check-out #${id})${item.note ? `: ${item.note}` : '.'}`,
            place: { buildingId: room.building_id, roomId: room.id, text: placeText(room) },
            assetId: item.assetId,
            faultType: facilityInfo(item.kind).faultType,
            dedupeKey: `facility:${item.itemId}`,
            evidence: { checkoutId: id, facilityItemId: item.itemId, condition: item.condition },
          },
          context,
        );
        item.ticketId = ticket.id;
      }
      const total = Math.round(charges.reduce((sum, c) => sum + c.cost, 0) * 100) / 100;
      const report = await repo.insertConditionReport(tx, {
        kind: 'check_out',
        residentId,
        roomId: place.roomId,
        bedId: place.bedId,
        checkoutId: id,
        items,
        charged: total,
        recordedBy: actor.userId,
        recordedByName: actor.name,
      });
      await reg.setConditions(
        tx,
        items.map((i) => ({ id: i.itemId, condition: i.condition, note: i.note })),
      );
      await repo.setResidentState(tx, residentId, { status: 'checked_out', bedId: null });
      const revoked = await this.access.revokeCardsOf(tx, actor, residentId, `checked out (check-out #${id})`, context);
      await repo.updateCheckout(tx, id, { status: 'completed', reportId: Number(report.id), charged: total });
      await notify(tx, [residentId], checkedOutNotice(id, total));
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_checkout.completed',
          entityType: 'dorm_checkout',
          entityId: id,
          before: { status: checkout.status },
          after: {
            status: 'completed',
            conditionReportId: Number(report.id),
            charged: total,
            releasedBed: place.bedId,
            revokedCards: revoked,
          },
        },
        context,
      );
      const after = await this.getResident(residentId, tx);
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_resident.checked_out',
          entityType: 'dorm_resident',
          entityId: residentId,
          before: audited(resident),
          after: audited(after),
        },
        context,
      );
      const done = await repo.findCheckout(tx, id);
      if (!done) throw new Error(`check-out ${id} vanished`);
      return { checkout: done, report, revokedCards: revoked };
    });
  }

  /** CardRegistry (contracts.ts): revokes a resident's active cards in the caller's transaction. */
  async revokeCardsOf(
    tx: Queryable,
    actor: Actor,
    residentId: string,
    reason: string,
    context: AuditContext = {},
  ): Promise<number> {
    const id = Number(residentId);
    if (!Number.isSafeInteger(id) || id < 1) throw invalid('residentId', `${residentId} is not a resident id`);
    return (await this.access.revokeCardsOf(tx, actor, id, reason, context)).length;
  }

  // ── Leave and visitors (read by the access rules of the gates) ──────────────────────────

  async requestLeave(
    actor: Actor,
    input: {
      residentId?: number | undefined;
      startsAt: string;
      endsAt: string;
      reason: string;
      destination?: string | null | undefined;
    },
    context: AuditContext = {},
  ): Promise<repo.LeaveRow> {
    const starts = new Date(input.startsAt);
    const ends = new Date(input.endsAt);
    if (!(ends > starts)) throw invalid('endsAt', 'must be after startsAt');
    if (ends.getTime() <= Date.now()) throw invalid('endsAt', 'must be in the future');
    if (ends.getTime() - starts.getTime() > MAX_LEAVE_DAYS * DAY_MS)
      throw invalid('endsAt', `a leave lasts at most ${MAX_LEAVE_DAYS} days`);
    if (!input.reason.trim()) throw invalid('reason', 'must not be empty');
    return this.#db.transaction(async (tx) => {
      const resident = await this.#subject(tx, actor, input.residentId, managesLeaves(actor));
      if (resident.status !== 'checked_in')
        throw illegalTransition(`resident ${resident.person_no} is ${resident.status}: leave is for checked-in residents`);
      const id = await repo.insertLeave(tx, {
        residentId: Number(resident.id),
        startsAt: starts.toISOString(),
        endsAt: ends.toISOString(),
        reason: input.reason.trim(),
        destination: input.destination?.trim() || null,
        requestedBy: actor.userId,
        requestedByName: actor.name,
      });
      const approval = await this.#approvals.submit(
        tx,
        actor,
        {
          kind: LEAVE_KIND,
          subjectType: 'dorm_leave',
          subjectId: id,
          title: `Leave / 离校: ${resident.name} (${resident.person_no}) ${starts.toISOString().slice(0, 10)} – ${ends.toISOString().slice(0, 10)}`,
          payload: { residentId: Number(resident.id), startsAt: starts.toISOString(), endsAt: ends.toISOString() },
        },
        context,
      );
      await repo.updateLeave(tx, id, { approvalId: Number(approval.id) });
      const row = await repo.findLeave(tx, id);
      if (!row) throw new Error(`leave ${id} vanished`);
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_leave.requested',
          entityType: 'dorm_leave',
          entityId: id,
          after: {
            residentId: Number(resident.id),
            startsAt: row.starts_at.toISOString(),
            endsAt: row.ends_at.toISOString(),
            approvalId: Number(approval.id),
          },
        },
        context,
      );
      return row;
    });
  }

  async #settleLeave(
    tx: Queryable,
    request: ApprovalRequestRow,
    actor: Actor,
    outcome: 'approved' | 'rejected' | 'cancelled',
    reason: string | null,
  ): Promise<void> {
    const id = Number(request.subject_id);
    const leave = await repo.lockLeave(tx, id);
    if (!leave) throw new Error(`approval ${request.id} names leave ${id}, which does not exist`);
    if (!leaveAllows(outcome === 'approved' ? 'approve' : outcome === 'rejected' ? 'reject' : 'cancel', leave.status))
      throw illegalTransition(`leave #${id} is ${leave.status}`);
    await repo.updateLeave(tx, id, { status: outcome, decisionNote: reason ?? undefined });
    if (outcome !== 'cancelled') await notify(tx, [Number(leave.resident_id)], leaveDecisionNotice(outcome, id, reason));
    await recordAudit(tx, actor, {
      action: `dorm_leave.${outcome}`,
      entityType: 'dorm_leave',
      entityId: id,
      before: { status: leave.status },
      after: { status: outcome, note: reason },
    });
  }

  async listLeaves(
    actor: Actor,
    filter: {
      status?: repo.LeaveRow['status'] | undefined;
      residentId?: number | undefined;
      beforeId?: number | undefined;
      limit: number;
    },
  ) {
    if (managesLeaves(actor)) return repo.listLeaves(this.#db, filter);
    const me = await this.me(actor);
    return repo.listLeaves(this.#db, { ...filter, residentId: Number(me.id) });
  }

  /** The approved leave covering `at`, if any (for "not back by curfew" rules, IOT-8). */
  async activeLeave(residentId: number, at: Date = new Date(), q: Queryable = this.#db): Promise<ActiveLeave | undefined> {
    const row = await repo.activeLeave(q, residentId, at);
    return row && toActiveLeave(row);
  }

  /** A visitor pass issued at the desk for a host resident; with a card, the card opens the building's gates while valid. */
  async issueVisitorPass(
    actor: Actor,
    input: {
      hostResidentId: number;
      visitorName: string;
      visitorPhone?: string | null | undefined;
      cardId?: string | null | undefined;
      buildingId?: string | undefined;
      validFrom: string;
      validTo: string;
    },
    context: AuditContext = {},
  ): Promise<repo.VisitorPassRow> {
    const from = new Date(input.validFrom);
    const to = new Date(input.validTo);
    if (!(to > from)) throw invalid('validTo', 'must be after validFrom');
    if (to.getTime() - from.getTime() > MAX_PASS_DAYS * DAY_MS)
      throw invalid('validTo', `a pass lasts at most ${MAX_PASS_DAYS} days`);
    if (!input.visitorName.trim()) throw invalid('visitorName', 'must not be empty');
    if (input.cardId && !/^[\x21-\x7E]{1,64}$/.test(input.cardId))
      throw invalid('cardId', 'must be 1-64 printable characters without spaces');
    return this.#db.transaction(async (tx) => {
      const host = await repo.findResident(tx, input.hostResidentId);
      if (!host) throw invalid('hostResidentId', `no resident ${input.hostResidentId}`);
      if (host.status !== 'checked_in' || !host.building_id)
        throw illegalTransition(`host ${host.person_no} is ${host.status}: only a checked-in resident hosts visitors`);
      const buildingId = input.buildingId ?? host.building_id;
      if (buildingId !== host.building_id)
        throw invalid('buildingId', `the host lives in ${host.building_id}; a pass is for the host's building`);
      const id = await repo.insertPass(tx, {
        hostResidentId: Number(host.id),
        buildingId,
        visitorName: input.visitorName.trim(),
        visitorPhone: input.visitorPhone ?? null,
        cardId: input.cardId ?? null,
        validFrom: from.toISOString(),
        validTo: to.toISOString(),
        issuedBy: actor.userId,
        issuedByName: actor.name,
      });
      const row = await repo.findPass(tx, id);
      if (!row) throw new Error(`visitor pass ${id} vanished`);
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_visitor_pass.issued',
          entityType: 'dorm_visitor_pass',
          entityId: id,
          after: {
            hostResidentId: Number(host.id),
            buildingId,
            visitorName: row.visitor_name,
            cardId: row.card_id,
            validFrom: row.valid_from.toISOString(),
            validTo: row.valid_to.toISOString(),
          },
        },
        context,
      );
      return row;
    });
  }

  async revokeVisitorPass(actor: Actor, id: number, context: AuditContext = {}): Promise<repo.VisitorPassRow> {
    return this.#db.transaction(async (tx) => {
      const before = await repo.findPass(tx, id);
      if (!before) throw notFound(`visitor pass ${id}`);
      if (before.status !== 'active') throw illegalTransition(`visitor pass #${id} is ${before.status} already`);
      await repo.revokePass(tx, id);
      const after = await repo.findPass(tx, id);
      if (!after) throw new Error(`visitor pass ${id} vanished`);
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_visitor_pass.revoked',
          entityType: 'dorm_visitor_pass',
          entityId: id,
          before: { status: before.status },
          after: { status: after.status },
        },
        context,
      );
      return after;
    });
  }

  listVisitorPasses(filter: Parameters<typeof repo.listPasses>[1]) {
    return repo.listPasses(this.#db, filter);
  }

  /** The active pass letting `cardId` into `buildingId` at `at`, if any. */
  async activeVisitorPass(
    cardId: string,
    buildingId: string,
    at: Date = new Date(),
    q: Queryable = this.#db,
  ): Promise<ActiveVisitorPass | undefined> {
    const row = await repo.activePass(q, cardId, buildingId, at);
    return row && toActivePass(row);
  }

  /** The resident a card belongs to and where they live (undefined for an unknown card). */
  residentByCard(cardId: string, q: Queryable = this.#db): Promise<CardHolder | undefined> {
    return this.access.residentByCard(cardId, q);
  }

  /** The holders of the known cards among `cardIds`, by card (a batch of swipes at once). */
  residentsByCards(cardIds: readonly string[], q: Queryable = this.#db): Promise<Map<string, CardHolder>> {
    return this.access.residentsByCards(cardIds, q);
  }

  /**
   * Checked-in residents (of a building, or all) with no approved leave covering `at`, with
   * their active cards: whom a curfew check expects inside.
   */
  async residentsExpectedTonight(
    buildingId?: string,
    at: Date = new Date(),
    q: Queryable = this.#db,
  ): Promise<ExpectedResident[]> {
    return (await repo.expectedResidents(q, buildingId ?? null, at)).map(toExpected);
  }
}

/** Normalises a resident's input. @throws AppError invalid naming the field. */
export function checkResident(input: ResidentInput): repo.NewResident {
  const personNo = input.personNo.trim();
  if (!PERSON_NO.test(personNo)) throw invalid('personNo', 'must be 1-32 letters, digits, _ -');
  if (!input.name.trim()) throw invalid('name', 'must not be empty');
  const idLast4 = input.idLast4?.trim().toUpperCase() || null;
  if (idLast4 !== null && !ID_LAST4.test(idLast4))
    throw invalid('idLast4', 'must be the last 4 characters of the ID document (digits or X)');
  return {
    personNo,
    kind: input.kind ?? 'student',
    name: input.name.trim(),
    gender: input.gender,
    cohort: input.cohort?.trim() || null,
    phone: input.phone?.trim() || null,
    idLast4,
    userId: input.userId ?? null,
  };
}

function reportItems(register: readonly reg.FacilityItemRow[], reported: readonly ReportedItem[]): repo.ReportItem[] {
  const byId = new Map(reported.map((r) => [r.itemId, r]));
  return register.map((item) => {
    const r = byId.get(Number(item.id));
    return {
      itemId: Number(item.id),
      kind: item.kind,
      label: item.label,
      assetId: item.asset_id,
      condition: r?.condition ?? 'ok',
      note: r?.note?.trim() || null,
    };
  });
}
