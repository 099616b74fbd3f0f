import { createHash } from 'node:crypto';
import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import type { TicketOpener, Urgency } from '../../contracts.ts';
import { AppError, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type ImageType, sniffImage } from '../../http/file-type.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { dependencyUnavailable } from './errors.ts';
import * as insp from './inspection-repository.ts';
import { rectificationNotice, reinspectionNotice } from './messages.ts';
import { SAFETY_PHOTO_MAX_BYTES, SAFETY_PHOTOS_PER_PHASE, SafetyPhotoStore } from './photos.ts';
import { handlesSafety } from './policy.ts';
import * as reg from './register-repository.ts';
import { placeText } from './register-service.ts';
import * as residents from './resident-repository.ts';
import { facilityInfo, type PhotoPhase, SAFETY_FINDING_INFO, type SafetyFindingKind } from './vocabulary.ts';
import { planNextDue, safetyAllows, safetyOverdue } from './workflow.ts';

export interface PlanInput {
  name: string;
  buildingId?: string | null | undefined;
  everyDays: number;
  checklist: string[];
  startsOn: string;
}

export interface FindingInput {
  roomId?: string | null | undefined;
  itemId?: number | null | undefined;
  description: string;
  faultType?: string | null | undefined;
  urgency?: Urgency | null | undefined;
}

export interface SafetyFindingInput {
  kind: SafetyFindingKind;
  description: string;
}

/**
 * Inspections (DRM-5: plans on a schedule, rounds whose findings become maintenance tickets)
 * and safety checks (DRM-7: forbidden appliances and fire equipment; a rectification notice to
 * the room's residents with a deadline; before/after photos; re-inspection until closed; past
 * the deadline, overdue).
 */
export class InspectionService {
  readonly #db: Db;
  readonly #tickets: TicketOpener | undefined;
  readonly #photos: SafetyPhotoStore;

  constructor(db: Db, options: { tickets?: TicketOpener | undefined; uploadsDir: string }) {
    this.#db = db;
    this.#tickets = options.tickets;
    this.#photos = new SafetyPhotoStore(options.uploadsDir);
  }

  get photoLimits() {
    return { maxBytes: SAFETY_PHOTO_MAX_BYTES, perPhase: SAFETY_PHOTOS_PER_PHASE };
  }

  // ── Inspection plans and inspections (DRM-5) ─────────────────────────────────────────────

  async createPlan(actor: Actor, input: PlanInput, context: AuditContext = {}, tx?: Queryable) {
    const checklist = input.checklist.map((c) => c.trim()).filter(Boolean);
    if (!input.name.trim()) throw invalid('name', 'must not be empty');
    if (checklist.length === 0) throw invalid('checklist', 'must name at least one point to check');
    const work = async (q: Queryable) => {
      if (input.buildingId && !(await reg.findBuilding(q, input.buildingId)))
        throw invalid('buildingId', `no building ${input.buildingId}`);
      const id = await insp.insertPlan(q, {
        name: input.name.trim(),
        buildingId: input.buildingId ?? null,
        everyDays: input.everyDays,
        checklist,
        startsOn: input.startsOn,
        createdBy: actor.userId,
      });
      const row = await this.#plan(q, id);
      await recordAudit(
        q,
        actor,
        { action: 'dorm_inspection_plan.created', entityType: 'dorm_inspection_plan', entityId: id, after: auditedPlan(row) },
        context,
      );
      return row;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  async updatePlan(
    actor: Actor,
    id: number,
    changes: {
      name?: string | undefined;
      everyDays?: number | undefined;
      checklist?: string[] | undefined;
      active?: boolean | undefined;
    },
    context: AuditContext = {},
  ) {
    if (changes.name !== undefined && !changes.name.trim()) throw invalid('name', 'must not be empty');
    const checklist = changes.checklist?.map((c) => c.trim()).filter(Boolean);
    if (checklist && checklist.length === 0) throw invalid('checklist', 'must name at least one point to check');
    return this.#db.transaction(async (tx) => {
      const before = await this.#plan(tx, id);
      await insp.updatePlan(tx, id, { ...changes, name: changes.name?.trim(), checklist });
      const after = await this.#plan(tx, id);
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_inspection_plan.updated',
          entityType: 'dorm_inspection_plan',
          entityId: id,
          before: auditedPlan(before),
          after: auditedPlan(after),
        },
        context,
      );
      return after;
    });
  }

  async #plan(q: Queryable, id: number) {
    const row = await insp.findPlan(q, id);
    if (!row) throw notFound(`inspection plan ${id}`);
    return row;
  }

  /** Plans with when each is next due and whether it is overdue (as of `today`, YYYY-MM-DD UTC). */
  async listPlans(active: boolean | undefined, today: string = new Date().toISOString().slice(0, 10)) {
    const rows = await insp.listPlans(this.#db, active);
    return rows.map((row) => {
      const nextDue = planNextDue({ startsOn: row.starts_on, everyDays: row.every_days }, row.last_done_on);
      return { row, nextDue, overdue: row.active && nextDue < today };
    });
  }

  /**
   * Records an inspection round (DRM-5) with its checklist results and findings; each finding
   * opens a maintenance ticket (source `inspection`, one per finding) in the same transaction.
   * @throws AppError dependency_unavailable (409) for findings when maintenance is not running.
   */
  async recordInspection(
    actor: Actor,
    input: {
      planId?: number | null | undefined;
      buildingId: string;
      checklist?: Array<{ point: string; ok: boolean; note?: string | null | undefined }> | undefined;
      notes?: string | null | undefined;
      findings: FindingInput[];
    },
    context: AuditContext = {},
  ) {
    const tickets = this.#tickets;
    if (input.findings.length > 0 && !tickets)
      throw dependencyUnavailable(
        'Maintenance',
        'inspection findings cannot become maintenance tasks; record the inspection once it runs',
      );
    return this.#db.transaction(async (tx) => {
      const building = await reg.findBuilding(tx, input.buildingId);
      if (!building) throw invalid('buildingId', `no building ${input.buildingId}`);
      if (input.planId != null) {
        const plan = await insp.findPlan(tx, input.planId);
        if (!plan) throw invalid('planId', `no inspection plan ${input.planId}`);
        if (!plan.active) throw illegalTransition(`inspection plan #${plan.id} is no longer active`);
        if (plan.building_id !== null && plan.building_id !== input.buildingId)
          throw invalid('buildingId', `plan #${plan.id} is for building ${plan.building_id}`);
      }
      // Resolve every finding's place first, so a bad one refuses the round before any ticket exists.
      const resolved = [];
      for (const [index, finding] of input.findings.entries()) {
        if (!finding.description.trim()) throw invalid(`findings.${index}.description`, 'must say what was found');
        const item = finding.itemId == null ? undefined : await reg.findItem(tx, finding.itemId);
        if (finding.itemId != null && !item) throw invalid(`findings.${index}.itemId`, `no facility item ${finding.itemId}`);
        const roomId = finding.roomId ?? item?.room_id ?? null;
        if (item && roomId !== item.room_id)
          throw invalid(`findings.${index}.itemId`, `item ${item.id} is in room ${item.room_id}`);
        const room = roomId === null ? undefined : await reg.findRoom(tx, roomId);
        if (roomId !== null && !room) throw invalid(`findings.${index}.roomId`, `no room ${roomId}`);
        if (room && room.building_id !== input.buildingId)
          throw invalid(`findings.${index}.roomId`, `room ${room.id} is not in ${input.buildingId}`);
        resolved.push({ finding, item, room });
      }
      const checklist = (input.checklist ?? []).map((c) => ({ point: c.point.trim(), ok: c.ok, note: c.note?.trim() || null }));
      const inspectionId = await insp.insertInspection(tx, {
        planId: input.planId ?? null,
        buildingId: input.buildingId,
        inspectorId: actor.userId,
        inspectorName: actor.name,
        checklist,
        notes: input.notes?.trim() || null,
      });
      const opened = [];
      for (const { finding, item, room } of resolved) {
        const faultType = finding.faultType ?? (item ? facilityInfo(item.kind).faultType : null);
        const findingId = await insp.insertFinding(tx, {
          inspectionId,
          roomId: room?.id ?? null,
          itemId: item ? Number(item.id) : null,
          description: finding.description.trim(),
          faultType,
          urgency: finding.urgency ?? null,
        });
        if (!tickets) throw new Error('checked above');
        const ticket = await tickets.openTicket(
          tx,
          actor,
          {
            source: 'inspection',
            title: `Inspection finding: ${(item ? `${item.label}: ` : '') + finding.description.trim()}`.slice(0, 120),
            description: `${finding.description.trim()} (inspection #${inspectionId}, ${building.name})`,
            place: {
              buildingId: input.buildingId,
              roomId: room?.id ?? null,
              text: room ? placeText(room) : `${building.name} / ${building.id}`,
            },
            assetId: item?.asset_id ?? null,
            faultType,
            urgency: finding.urgency ?? null,
            dedupeKey: `inspection-finding:${findingId}`,
            evidence: { inspectionId, findingId, facilityItemId: item ? Number(item.id) : null },
          },
          context,
        );
        await insp.setFindingTicket(tx, findingId, ticket.id, ticket.created);
        opened.push({ findingId, ticketId: ticket.id });
      }
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_inspection.recorded',
          entityType: 'dorm_inspection',
          entityId: inspectionId,
          after: {
            planId: input.planId ?? null,
            buildingId: input.buildingId,
            findings: opened,
            failedPoints: checklist.filter((c) => !c.ok).length,
          },
        },
        context,
      );
      return this.#inspectionDetail(tx, inspectionId);
    });
  }

  listInspections(filter: Parameters<typeof insp.listInspections>[1]) {
    return insp.listInspections(this.#db, filter);
  }

  inspectionDetail(id: number) {
    return this.#inspectionDetail(this.#db, id);
  }

  async #inspectionDetail(q: Queryable, id: number) {
    const inspection = await insp.findInspection(q, id);
    if (!inspection) throw notFound(`inspection ${id}`);
    return { inspection, findings: await insp.findingsOf(q, id) };
  }

  // ── Safety checks (DRM-7) ────────────────────────────────────────────────────────────────

  /**
   * Records a safety check of a room. No findings: passed. With findings: under rectification
   * until a deadline, the room's residents notified; findings that are the school's to fix
   * (fire equipment, wiring) also open a maintenance ticket.
   */
  async createSafetyCheck(
    actor: Actor,
    input: { roomId: string; findings: SafetyFindingInput[]; deadline?: string | undefined; notes?: string | null | undefined },
    context: AuditContext = {},
  ) {
    const hasFindings = input.findings.length > 0;
    const deadline = input.deadline ? new Date(input.deadline) : null;
    if (hasFindings && !deadline) throw invalid('deadline', 'a rectification needs a deadline');
    if (deadline && deadline.getTime() <= Date.now()) throw invalid('deadline', 'must be in the future');
    input.findings.forEach((f, index) => {
      if (!f.description.trim()) throw invalid(`findings.${index}.description`, 'must say what was found');
    });
    const needsTicket = input.findings.some((f) => SAFETY_FINDING_INFO[f.kind].ticketFaultType !== null);
    const tickets = this.#tickets;
    if (needsTicket && !tickets)
      throw dependencyUnavailable('Maintenance', 'fire equipment and wiring findings cannot be sent for repair');
    return this.#db.transaction(async (tx) => {
      const room = await reg.findRoom(tx, input.roomId);
      if (!room) throw invalid('roomId', `no room ${input.roomId}`);
      const id = await insp.insertSafetyCheck(tx, {
        roomId: room.id,
        status: hasFindings ? 'rectifying' : 'passed',
        deadline: hasFindings && deadline ? deadline.toISOString() : null,
        notes: input.notes?.trim() || null,
        checkedBy: actor.userId,
        checkedByName: actor.name,
      });
      const findings = [];
      for (const finding of input.findings) {
        const findingId = await insp.insertSafetyFinding(tx, {
          checkId: id,
          kind: finding.kind,
          description: finding.description.trim(),
        });
        const faultType = SAFETY_FINDING_INFO[finding.kind].ticketFaultType;
        let ticketId: number | null = null;
        if (faultType !== null && tickets) {
          const ticket = await tickets.openTicket(
            tx,
            actor,
            {
              source: 'safety_check',
              title:
                `${SAFETY_FINDING_INFO[finding.kind].en} / ${SAFETY_FINDING_INFO[finding.kind].zh}: ${finding.description.trim()}`.slice(
                  0,
                  120,
                ),
              description: `${finding.description.trim()} (safety check #${id})`,
              place: { buildingId: room.building_id, roomId: room.id, text: placeText(room) },
              faultType,
              urgency: 'high',
              dedupeKey: `safety-finding:${findingId}`,
              evidence: { safetyCheckId: id, findingId, kind: finding.kind },
            },
            context,
          );
          ticketId = ticket.id;
          await insp.setSafetyFindingTicket(tx, findingId, ticket.id);
        }
        findings.push({ id: findingId, kind: finding.kind, ticketId });
      }
      let notified = 0;
      if (hasFindings && deadline) {
        const occupants = await residents.occupantsOfRoom(tx, room.id);
        await residents.insertNotifications(
          tx,
          occupants.map((o) => ({ residentId: o.id, ...rectificationNotice(id, room.number, input.findings, deadline) })),
        );
        notified = occupants.length;
      }
      await recordAudit(
        tx,
        actor,
        {
          action: 'dorm_safety_check.recorded',
          entityType: 'dorm_safety_check',
          entityId: id,
          after: {
            roomId: room.id,
            status: hasFindings ? 'rectifying' : 'passed',
            deadline: deadline?.toISOString() ?? null,
            findings,
            notifiedResidents: notified,
          },
        },
        context,
      );
      return this.#safetyDetail(tx, id);
    });
  }

  listSafetyChecks(filter: insp.SafetyFilter) {
    return insp.listSafetyChecks(this.#db, filter);
  }

  /** Safety staff see every check; a resident sees the checks of their own room. */
  async safetyDetail(actor: Actor, id: number) {
    await this.#visible(actor, id);
    return this.#safetyDetail(this.#db, id);
  }

  async #visible(actor: Actor, id: number, q: Queryable = this.#db): Promise<{ staff: boolean; check: insp.SafetyCheckRow }> {
    const check = await insp.findSafetyCheck(q, id);
    if (!check) throw notFound(`safety check ${id}`);
    if (handlesSafety(actor)) return { staff: true, check };
    const me = actor.userId === null ? undefined : await residents.findResidentByUser(q, actor.userId);
    if (!me || me.room_id !== check.room_id) throw notFound(`safety check ${id}`);
    return { staff: false, check };
  }

  async #safetyDetail(q: Queryable, id: number) {
    const check = await insp.findSafetyCheck(q, id);
    if (!check) throw notFound(`safety check ${id}`);
    const [photos, reinspections] = await Promise.all([insp.photosOf(q, id), insp.reinspectionsOf(q, id)]);
    return {
      check,
      photos,
      reinspections,
      overdue: safetyOverdue({ status: check.status, deadline: check.deadline }, new Date()),
    };
  }

  /**
   * Before photos come from safety staff; after photos from staff or the room's residents
   * (they show the hazard removed). Types are sniffed, sizes and counts limited.
   */
  async addPhotos(
    actor: Actor,
    id: number,
    phase: PhotoPhase,
    files: ReadonlyArray<{ filename: string; bytes: Buffer }>,
    context: AuditContext = {},
  ): Promise<insp.SafetyPhotoRow[]> {
    if (files.length === 0) throw invalid('photos', 'send at least one image file');
    const typed: Array<{ type: ImageType; bytes: Buffer }> = files.map((file, index) => {
      if (file.bytes.length > SAFETY_PHOTO_MAX_BYTES)
        throw new AppError('payload_too_large', 413, `must be at most ${SAFETY_PHOTO_MAX_BYTES} bytes`, `photos.${index}`);
      const type = sniffImage(file.bytes);
      if (!type) throw invalid(`photos.${index}`, `${file.filename || 'the file'} is not a JPEG, PNG or WebP image`);
      return { type, bytes: file.bytes };
    });
    const saved: string[] = [];
    try {
      return await this.#db.transaction(async (tx) => {
        const { staff } = await this.#visible(actor, id, tx);
        const check = await insp.lockSafetyCheck(tx, id);
        if (!check) throw notFound(`safety check ${id}`);
        if (!staff && phase === 'before') throw notFound(`safety check ${id}`);
        if (!safetyAllows(phase === 'before' ? 'add_before_photo' : 'add_after_photo', check.status))
          throw illegalTransition(`safety check #${id} is ${check.status}: photos are for an open rectification`);
        const existing = (await insp.photosOf(tx, id)).filter((p) => p.phase === phase).length;
        if (existing + typed.length > SAFETY_PHOTOS_PER_PHASE)
          throw invalid('photos', `a check keeps at most ${SAFETY_PHOTOS_PER_PHASE} ${phase} photos (${existing} already)`);
        const rows = [];
        for (const file of typed) {
          const path = await this.#photos.save(id, file.type, file.bytes);
          saved.push(path);
          rows.push(
            await insp.insertSafetyPhoto(tx, {
              checkId: id,
              phase,
              contentType: file.type.contentType,
              bytes: file.bytes.length,
              sha256: createHash('sha256').update(file.bytes).digest('hex'),
              path,
              uploadedBy: actor.userId,
              uploaderName: actor.name,
            }),
          );
        }
        await recordAudit(
          tx,
          actor,
          {
            action: 'dorm_safety_check.photos_added',
            entityType: 'dorm_safety_check',
            entityId: id,
            after: { phase, photoIds: rows.map((r) => Number(r.id)), sha256: rows.map((r) => r.sha256) },
          },
          context,
        );
        return rows;
      });
    } catch (err) {
      await Promise.all(saved.map((path) => this.#photos.remove(path)));
      throw err;
    }
  }

  async photo(actor: Actor, id: number, photoId: number): Promise<{ contentType: string; bytes: Buffer }> {
    await this.#visible(actor, id);
    const row = await insp.findPhoto(this.#db, id, photoId);
    if (!row) throw notFound(`photo ${photoId} of safety check ${id}`);
    return { contentType: row.content_type, bytes: await this.#photos.read(row.path) };
  }

  /**
   * Re-inspection: passed closes the check (an "after" photo must show the rectification);
   * not passed keeps it open with a new deadline and tells the residents again.
   */
  async reinspect(
    actor: Actor,
    id: number,
    input: { passed: boolean; note: string; deadline?: string | undefined },
    context: AuditContext = {},
  ) {
    if (!input.note.trim()) throw invalid('note', 'must say what the re-inspection found');
    const deadline = input.deadline ? new Date(input.deadline) : null;
    if (!input.passed && !deadline) throw invalid('deadline', 'a failed re-inspection sets a new deadline');
    if (deadline && deadline.getTime() <= Date.now()) throw invalid('deadline', 'must be in the future');
    return this.#db.transaction(async (tx) => {
      const check = await insp.lockSafetyCheck(tx, id);
      if (!check) throw notFound(`safety check ${id}`);
      if (!safetyAllows('reinspect', check.status)) throw illegalTransition(`safety check #${id} is ${check.status}`);
      if (input.passed && !(await insp.photosOf(tx, id)).some((p) => p.phase === 'after'))
        throw illegalTransition(
          `safety check #${id} has no "after" photo yet: the rectification must be shown before it is closed`,
        );
      await insp.insertReinspection(tx, {
        checkId: id,
        passed: input.passed,
        note: input.note.trim(),
        newDeadline: deadline?.toISOString() ?? null,
        inspectorId: actor.userId,
        inspectorName: actor.name,
      });
      await insp.updateSafetyCheck(tx, id, {
        status: input.passed ? 'closed' : 'rectifying',
        deadline: input.passed ? undefined : deadline?.toISOString(),
        reinspected: true,
      });
      const occupants = await residents.occupantsOfRoom(tx, check.room_id);
      await residents.insertNotifications(
        tx,
        occupants.map((o) => ({
          residentId: o.id,
          ...reinspectionNotice(id, input.passed, input.note.trim(), input.passed ? null : deadline),
        })),
      );
      await recordAudit(
        tx,
        actor,
        {
          action: input.passed ? 'dorm_safety_check.closed' : 'dorm_safety_check.reinspection_failed',
          entityType: 'dorm_safety_check',
          entityId: id,
          before: { status: check.status, deadline: check.deadline?.toISOString() ?? null },
          after: {
            status: input.passed ? 'closed' : 'rectifying',
            deadline: input.passed ? (check.deadline?.toISOString() ?? null) : (deadline?.toISOString() ?? null),
            note: input.note.trim(),
          },
        },
        context,
      );
      return this.#safetyDetail(tx, id);
    });
  }
}

function auditedPlan(row: insp.PlanRow) {
  return {
    name: row.name,
    buildingId: row.building_id,
    everyDays: row.every_days,
    checklist: row.checklist,
    startsOn: row.starts_on,
    active: row.active,
  };
}
