import { createHash } from 'node:crypto';
import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import type { OpenTicketInput, TicketOpener, Urgency } from '../../contracts.ts';
import { AppError, forbidden, illegalTransition, invalid, notFound } from '../../errors.ts';
import type { ApprovalRequestRow, ApprovalService } from '../approvals/service.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import type { IdentityService } from '../identity/service.ts';
import {
  type Candidate,
  type CertificationRule,
  certificationValid,
  chooseTechnician,
  DEFAULT_CERTIFICATION_RULES,
  DEFAULT_URGENCY_WEIGHTS,
  describeShortfall,
  onShift,
  qualification,
  type UrgencyWeights,
  workloadOf,
} from './dispatch.ts';
import { type TicketChange, type TicketChangeListener, TicketFeed } from './live.ts';
import { type ImageType, PhotoStore, sniffImage } from './photos.ts';
import { isRequesterOf, isTechnicianOf, mayAddPhotos, maySchedule, maySee, plansMaintenance, seesAllTickets } from './policy.ts';
import { failureAnalysis, maintenanceStats } from './reports.ts';
import type { PendingChange, Period, TicketChanges, TicketFilter, TicketRow } from './repository.ts';
import * as repo from './repository.ts';
import { DEFAULT_SLA_POLICY, deadlines, postponedResolveBy, type SlaPolicy } from './sla.ts';
import {
  DISPATCH_FLAG_NO_TECHNICIAN,
  FAULT_TYPE_LABELS,
  type FaultType,
  isFaultType,
  JOB_FLAG_LABELS,
  type JobFlag,
  type Label,
  RESOLUTION_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  TICKET_SOURCES,
  URGENCIES,
  URGENCY_LABELS,
} from './vocabulary.ts';
import { allows, type TicketAction } from './workflow.ts';

export const POSTPONEMENT_KIND = 'maintenance.postponement';
const SUBJECT = 'maintenance_ticket';
/** A visit may be confirmed a little after it started (the technician confirms on arrival). */
const PAST_VISIT_GRACE_MS = 10 * 60_000;
/** A planned window longer than this is a wish, not a plan: the technician could not confirm a visit against it. */
export const MAX_PLANNED_WINDOW_MS = 14 * 24 * 3_600_000;

/**
 * Extension point for evidence-driven verification (MNT-5 with IOT-9): a guard may veto the
 * acceptance of the tickets it applies to, e.g. the rules engine will demand that a sensor
 * whose readings raised a ticket reads within limits again. None is registered here.
 */
export interface AcceptanceGuard {
  appliesTo(ticket: TicketRow): boolean;
  /** Runs in the acceptance's transaction. */
  check(tx: Queryable, ticket: TicketRow): Promise<{ ok: true } | { ok: false; reason: string }>;
}

export interface MaintenanceOptions {
  identity: IdentityService;
  approvals: ApprovalService;
  /** Photos go to `<uploadsDir>/maintenance/`. */
  uploadsDir: string;
  sla?: SlaPolicy | undefined;
  certificationRules?: readonly CertificationRule[] | undefined;
  urgencyWeights?: UrgencyWeights | undefined;
  /** Labour cost per hour in the statistics (MNT-6), in the currency of the parts' costs. */
  labourRatePerHour?: number | undefined;
  photoMaxBytes?: number | undefined;
  photosPerTicket?: number | undefined;
}

export const DEFAULT_LABOUR_RATE_PER_HOUR = 60;
export const DEFAULT_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_PHOTOS_PER_TICKET = 10;

export interface TriageInput {
  inScope: boolean;
  reason?: string | undefined;
  faultType?: FaultType | undefined;
  urgency?: Urgency | undefined;
  flags?: JobFlag[] | undefined;
}

type Snapshot = ReturnType<typeof snapshot>;

/** What the audit log keeps of a ticket before and after a step. */
function snapshot(row: TicketRow) {
  return {
    status: row.status,
    resolution: row.resolution,
    faultType: row.fault_type,
    urgency: row.urgency,
    jobFlags: row.job_flags,
    technicianId: row.technician_id === null ? null : Number(row.technician_id),
    dispatchFlag: row.dispatch_flag,
    scheduledAt: row.scheduled_at?.toISOString() ?? null,
    plannedFrom: row.planned_from?.toISOString() ?? null,
    plannedTo: row.planned_to?.toISOString() ?? null,
    plan: row.plan,
    respondBy: row.respond_due_at?.toISOString() ?? null,
    resolveBy: row.resolve_due_at?.toISOString() ?? null,
    rating: row.rating,
    reworkCount: row.rework_count,
    labourMinutes: row.labour_minutes,
    partsCost: Number(row.parts_cost),
  };
}

interface StepRecord {
  /** Audit action without the `maintenance_ticket.` prefix; also the history event's kind. */
  kind: string;
  note?: string | null | undefined;
  data?: Record<string, unknown> | undefined;
}

/**
 * Repair management (regulation §4, MNT-1..7): requests, triage, automatic dispatch, the
 * technician's visit and work log, postponements through approvals, acceptance with a rating,
 * statistics and failure analysis. Also the TicketOpener of the other contexts.
 */
export class MaintenanceService implements TicketOpener {
  readonly #db: Db;
  readonly #identity: IdentityService;
  readonly #approvals: ApprovalService;
  readonly #photos: PhotoStore;
  readonly #sla: SlaPolicy;
  readonly #rules: readonly CertificationRule[];
  readonly #weights: UrgencyWeights;
  readonly #labourRate: number;
  readonly #photoMaxBytes: number;
  readonly #photosPerTicket: number;
  readonly #guards = new Map<string, AcceptanceGuard>();
  readonly #feed: TicketFeed;

  constructor(db: Db, options: MaintenanceOptions) {
    this.#db = db;
    this.#identity = options.identity;
    this.#approvals = options.approvals;
    this.#photos = new PhotoStore(options.uploadsDir);
    this.#feed = new TicketFeed(async (id) => (await repo.findTicket(db, id))?.updated_at);
    this.#sla = options.sla ?? DEFAULT_SLA_POLICY;
    this.#rules = options.certificationRules ?? DEFAULT_CERTIFICATION_RULES;
    this.#weights = options.urgencyWeights ?? DEFAULT_URGENCY_WEIGHTS;
    this.#labourRate = options.labourRatePerHour ?? DEFAULT_LABOUR_RATE_PER_HOUR;
    this.#photoMaxBytes = options.photoMaxBytes ?? DEFAULT_PHOTO_MAX_BYTES;
    this.#photosPerTicket = options.photosPerTicket ?? DEFAULT_PHOTOS_PER_TICKET;
    // MNT-4: the schedule or plan changes only once the change is approved.
    options.approvals.define(POSTPONEMENT_KIND, {
      defaultSteps: [{ role: 'maintenance_planner', label: 'Maintenance planner', labelZh: '维修调度员' }],
      onApproved: (tx, request, actor) => this.#settleChange(tx, request, actor, 'approved'),
      onRejected: (tx, request, actor, reason) => this.#settleChange(tx, request, actor, 'rejected', reason),
    });
  }

  get photoLimits() {
    return { maxBytes: this.#photoMaxBytes, perTicket: this.#photosPerTicket };
  }

  get slaPolicy(): SlaPolicy {
    return this.#sla;
  }

  /** @throws Error when a guard of that name is already registered. */
  registerAcceptanceGuard(name: string, guard: AcceptanceGuard): void {
    if (this.#guards.has(name)) throw new Error(`acceptance guard ${name} registered twice`);
    this.#guards.set(name, guard);
  }

  /** Installs a guard under a name, replacing the previous one (its owner restarted). */
  replaceAcceptanceGuard(name: string, guard: AcceptanceGuard): void {
    this.#guards.set(name, guard);
  }

  /**
   * Ticket changes for the live channel (opened, triaged, dispatched, assigned, planned, each
   * status change), after they are committed.
   * @returns a function that unsubscribes.
   */
  onTicketChange(listener: TicketChangeListener, onError: (err: unknown, change: TicketChange) => void): () => void {
    return this.#feed.on(listener, onError);
  }

  /** Our own transaction: what it changed goes live once it has committed. */
  async #transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    let handle: Queryable | undefined;
    const value = await this.#db.transaction((tx) => {
      handle = tx;
      this.#feed.begin(tx);
      return work(tx);
    });
    if (handle) this.#feed.committed(handle);
    return value;
  }

  #noteChange(tx: Queryable, before: TicketRow | null, after: TicketRow, change: string): void {
    const id = (value: string | number | null) => (value === null ? null : Number(value));
    this.#feed.note(
      tx,
      {
        ticketId: Number(after.id),
        change,
        status: after.status,
        technicianId: id(after.technician_id),
        previousTechnicianId: before === null ? null : id(before.technician_id),
        requesterId: id(after.requester_id),
      },
      after.updated_at,
    );
  }

  /**
   * Opens a ticket for another context (rules, dorm inspections, facility faults) inside the
   * caller's transaction. With a dedupe key, while a ticket with that key is open it is returned
   * instead (created: false). With a fault type and an urgency it is triaged and dispatched at once.
   * @throws AppError invalid naming the field of bad input.
   */
  async openTicket(
    tx: Queryable,
    actor: Actor,
    input: OpenTicketInput,
    context: AuditContext = {},
  ): Promise<{ id: number; created: boolean }> {
    const row = await this.#open(tx, actor, input, null, context);
    return { id: Number(row.ticket.id), created: row.created };
  }

  /** MNT-1: a repair request from anyone signed in, from the web or a phone. */
  async submitRequest(
    actor: Actor,
    input: {
      title: string;
      description: string;
      place: { buildingId?: string | null | undefined; roomId?: string | null | undefined; text: string };
      assetId?: string | null | undefined;
      contactPhone?: string | null | undefined;
    },
    context: AuditContext = {},
  ): Promise<TicketRow> {
    const result = await this.#transaction((tx) =>
      this.#open(
        tx,
        actor,
        {
          source: 'request',
          title: input.title,
          description: input.description,
          place: { buildingId: input.place.buildingId ?? null, roomId: input.place.roomId ?? null, text: input.place.text },
          assetId: input.assetId ?? null,
        },
        input.contactPhone ?? null,
        context,
      ),
    );
    return result.ticket;
  }

  async #open(
    tx: Queryable,
    actor: Actor,
    input: OpenTicketInput,
    contactPhone: string | null,
    context: AuditContext,
  ): Promise<{ ticket: TicketRow; created: boolean }> {
    if (!(TICKET_SOURCES as readonly string[]).includes(input.source))
      throw invalid('source', `${input.source} is not a ticket source`);
    for (const field of ['title', 'description'] as const) {
      if (typeof input[field] !== 'string' || input[field].trim() === '') throw invalid(field, 'must not be empty');
    }
    if (!input.place || typeof input.place.text !== 'string' || input.place.text.trim() === '')
      throw invalid('place.text', 'must describe where');
    if (input.faultType != null && !isFaultType(input.faultType))
      throw invalid('faultType', `${input.faultType} is not a fault type`);
    if (input.urgency != null && !(URGENCIES as readonly string[]).includes(input.urgency))
      throw invalid('urgency', `${input.urgency} is not an urgency`);
    let requester: { id: number | null; name: string; departmentId: string | null; phone: string | null };
    if (input.requesterUserId != null) {
      const user = await this.#identity.findUser(tx, input.requesterUserId);
      if (!user) throw invalid('requesterUserId', `no user ${input.requesterUserId}`);
      requester = { id: Number(user.id), name: user.display_name, departmentId: user.department_id, phone: user.phone };
    } else if (actor.userId !== null) {
      const user = await this.#identity.findUser(tx, actor.userId);
      requester = { id: actor.userId, name: actor.name, departmentId: actor.departmentId, phone: user?.phone ?? null };
    } else {
      // Raised by the system (a rule): nobody to accept it but a planner.
      requester = { id: null, name: actor.name, departmentId: null, phone: null };
    }
    const newTicket: repo.NewTicket = {
      source: input.source,
      title: input.title.trim(),
      description: input.description.trim(),
      placeText: input.place.text.trim(),
      buildingId: input.place.buildingId ?? null,
      roomId: input.place.roomId ?? null,
      assetId: input.assetId ?? null,
      evidence: input.evidence ?? null,
      dedupeKey: input.dedupeKey ?? null,
      requesterId: requester.id,
      requesterName: requester.name,
      departmentId: requester.departmentId,
      contactPhone: contactPhone ?? requester.phone,
    };
    let ticket = await repo.insertTicket(tx, newTicket);
    if (!ticket && newTicket.dedupeKey !== null) {
      const open = await repo.findOpenByDedupeKey(tx, newTicket.dedupeKey);
      if (open) return { ticket: await this.#sharpenEvidence(tx, actor, open, newTicket, context), created: false };
      // The holder closed between our insert and our read: the key is free now.
      ticket = await repo.insertTicket(tx, newTicket);
    }
    if (!ticket) throw new Error('maintenance ticket insert returned nothing');
    const id = Number(ticket.id);
    await repo.insertEvent(tx, {
      ticketId: id,
      actorId: actor.userId,
      actorName: actor.name,
      kind: 'opened',
      note: ticket.title,
    });
    await recordAudit(
      tx,
      actor,
      {
        action: 'maintenance_ticket.opened',
        entityType: SUBJECT,
        entityId: id,
        after: { ...snapshot(ticket), source: ticket.source, assetId: ticket.asset_id, dedupeKey: ticket.dedupe_key },
      },
      context,
    );
    this.#noteChange(tx, null, ticket, 'opened');
    if (input.faultType != null && input.urgency != null && isFaultType(input.faultType)) {
      ticket = await this.#triageInScope(
        tx,
        actor,
        ticket,
        { faultType: input.faultType, urgency: input.urgency, flags: [] },
        context,
      );
    }
    return { ticket, created: true };
  }

  /**
   * A rule's condition ticket opened on anomalies learns of a predicted crossing later: the
   * prediction (series, fitted line, time) is what the planner schedules by, so it becomes the
   * ticket's title, description and evidence, once, with an event and an audit entry. Repeated
   * findings change nothing.
   */
  async #sharpenEvidence(
    tx: Queryable,
    actor: Actor,
    open: repo.TicketRow,
    finding: repo.NewTicket,
    context: AuditContext | undefined,
  ): Promise<repo.TicketRow> {
    const causeOf = (evidence: unknown) =>
      evidence && typeof evidence === 'object' ? (evidence as { cause?: unknown }).cause : undefined;
    if (causeOf(finding.evidence) !== 'trend' || causeOf(open.evidence) === 'trend') return open;
    const updated =
      (await repo.replaceFinding(tx, Number(open.id), {
        title: finding.title,
        description: finding.description,
        evidence: finding.evidence,
      })) ?? open;
    await repo.insertEvent(tx, {
      ticketId: Number(open.id),
      actorId: actor.userId,
      actorName: actor.name,
      kind: 'finding',
      note: finding.title,
    });
    await recordAudit(
      tx,
      actor,
      {
        action: 'maintenance_ticket.evidence_updated',
        entityType: SUBJECT,
        entityId: Number(open.id),
        before: { title: open.title, description: open.description, evidence: open.evidence },
        after: { title: finding.title, description: finding.description, evidence: finding.evidence },
      },
      context,
    );
    return updated;
  }

  /** One workflow step: lock the ticket, hide it from who may not see it, authorise, check the transition. */
  async #step(
    actor: Actor,
    id: number,
    action: TicketAction,
    authorize: (ticket: TicketRow) => void,
    work: (tx: Queryable, ticket: TicketRow) => Promise<TicketRow>,
  ): Promise<TicketRow> {
    return this.#transaction(async (tx) => {
      const ticket = await repo.lockTicket(tx, id);
      if (!ticket || !maySee(actor, ticket)) throw notFound(`maintenance ticket ${id}`);
      authorize(ticket);
      if (!allows(action, ticket.status))
        throw illegalTransition(`ticket #${id} is ${ticket.status}: cannot ${action.replaceAll('_', ' ')}`);
      return work(tx, ticket);
    });
  }

  /** Applies changes, appends the history entry the requester sees, and audits before/after. */
  async #record(
    tx: Queryable,
    actor: Actor,
    before: TicketRow,
    changes: TicketChanges,
    step: StepRecord,
    context: AuditContext,
  ): Promise<TicketRow> {
    const id = Number(before.id);
    const after = await repo.updateTicket(tx, id, changes);
    await repo.insertEvent(tx, {
      ticketId: id,
      actorId: actor.userId,
      actorName: actor.name,
      kind: step.kind,
      note: step.note ?? null,
      data: step.data,
    });
    this.#noteChange(tx, before, after, step.kind);
    const afterSnapshot: Snapshot & Record<string, unknown> = { ...snapshot(after), ...(step.data ?? {}) };
    await recordAudit(
      tx,
      actor,
      {
        action: `maintenance_ticket.${step.kind}`,
        entityType: SUBJECT,
        entityId: id,
        before: snapshot(before),
        after: afterSnapshot,
      },
      context,
    );
    return after;
  }

  /** MNT-2: in scope or not; if in scope, fault type, urgency and hazards, then dispatch. */
  async triage(actor: Actor, id: number, input: TriageInput, context: AuditContext = {}): Promise<TicketRow> {
    if (!input.inScope && !input.reason?.trim()) throw invalid('reason', 'say why this is not logistics maintenance');
    if (input.inScope && input.faultType === undefined) throw invalid('faultType', 'is required for a ticket in scope');
    if (input.inScope && input.urgency === undefined) throw invalid('urgency', 'is required for a ticket in scope');
    return this.#step(
      actor,
      id,
      'triage',
      () => {},
      async (tx, ticket) => {
        const now = new Date();
        if (!input.inScope) {
          return this.#record(
            tx,
            actor,
            ticket,
            {
              status: 'closed',
              resolution: 'out_of_scope',
              close_reason: input.reason?.trim() ?? null,
              triaged_at: now,
              closed_at: now,
              dispatch_flag: null,
            },
            { kind: 'out_of_scope', note: input.reason?.trim() },
            context,
          );
        }
        return this.#triageInScope(
          tx,
          actor,
          ticket,
          { faultType: input.faultType ?? 'other', urgency: input.urgency ?? 'normal', flags: input.flags ?? [] },
          context,
        );
      },
    );
  }

  async #triageInScope(
    tx: Queryable,
    actor: Actor,
    ticket: TicketRow,
    job: { faultType: FaultType; urgency: Urgency; flags: JobFlag[] },
    context: AuditContext,
  ): Promise<TicketRow> {
    const due = deadlines(ticket.created_at, job.urgency, this.#sla);
    const triaged = await this.#record(
      tx,
      actor,
      ticket,
      {
        fault_type: job.faultType,
        urgency: job.urgency,
        job_flags: [...new Set(job.flags)].sort(),
        triaged_at: new Date(),
        respond_due_at: due.respondBy,
        resolve_due_at: due.resolveBy,
        status: 'awaiting_assignment',
      },
      { kind: 'triaged', data: { faultType: job.faultType, urgency: job.urgency, flags: job.flags } },
      context,
    );
    return this.#autoDispatch(tx, actor, triaged, context);
  }

  async #candidates(tx: Queryable, at: Date): Promise<Candidate[]> {
    const technicians = await this.#identity.listTechnicians(tx, at);
    const open = await repo.openWorkByTechnician(
      tx,
      technicians.map((t) => t.userId),
    );
    return technicians.map((technician) => {
      const urgencies: Array<Urgency | null> = [];
      for (const row of open) {
        if (Number(row.technician_id) === technician.userId)
          for (let i = 0; i < Number(row.n); i += 1) urgencies.push(row.urgency);
      }
      return { ...technician, workload: workloadOf(urgencies, this.#weights) };
    });
  }

  /** MNT-3: see dispatch.ts for the choice; nobody qualified leaves it flagged in the planner's queue. */
  async #autoDispatch(tx: Queryable, actor: Actor, ticket: TicketRow, context: AuditContext): Promise<TicketRow> {
    const at = new Date();
    if (ticket.fault_type === null || ticket.urgency === null) throw illegalTransition(`ticket #${ticket.id} is not triaged`);
    const result = chooseTechnician(
      { faultType: ticket.fault_type, urgency: ticket.urgency, flags: ticket.job_flags },
      await this.#candidates(tx, at),
      { rules: this.#rules, at },
    );
    if (result.assigned) {
      return this.#record(
        tx,
        actor,
        ticket,
        {
          status: 'assigned',
          technician_id: result.technicianId,
          assigned_at: at,
          dispatch_flag: null,
          dispatch_reason: result.reason,
        },
        { kind: 'dispatched', note: result.reason, data: { technicianId: result.technicianId, automatic: true } },
        context,
      );
    }
    return this.#record(
      tx,
      actor,
      ticket,
      {
        status: 'awaiting_assignment',
        technician_id: null,
        dispatch_flag: DISPATCH_FLAG_NO_TECHNICIAN,
        dispatch_reason: result.reason,
      },
      { kind: 'dispatch_failed', note: result.reason, data: { flag: DISPATCH_FLAG_NO_TECHNICIAN } },
      context,
    );
  }

  /** MNT-3: the planner asks for automatic dispatch again (e.g. after shifts or certifications changed). */
  async dispatch(actor: Actor, id: number, context: AuditContext = {}): Promise<TicketRow> {
    return this.#step(
      actor,
      id,
      'dispatch',
      () => {},
      (tx, ticket) => this.#autoDispatch(tx, actor, ticket, context),
    );
  }

  /**
   * MNT-3: a planner assigns or reassigns by hand. The technician must hold the skill and the
   * certifications of the job unless the planner overrides, with a reason, on the record.
   */
  async assign(
    actor: Actor,
    id: number,
    input: { technicianId: number; overrideReason?: string | undefined },
    context: AuditContext = {},
  ): Promise<TicketRow> {
    return this.#step(
      actor,
      id,
      'assign',
      () => {},
      async (tx, ticket) => {
        const at = new Date();
        if (ticket.technician_id !== null && Number(ticket.technician_id) === input.technicianId)
          throw invalid('technicianId', 'the ticket is already theirs');
        const technician = (await this.#identity.listTechnicians(tx, at)).find((t) => t.userId === input.technicianId);
        if (!technician) throw invalid('technicianId', `user ${input.technicianId} is not an active technician`);
        const shortfalls =
          ticket.fault_type === null
            ? []
            : qualification(technician, { faultType: ticket.fault_type, flags: ticket.job_flags }, this.#rules, at).shortfalls;
        const override = input.overrideReason?.trim();
        if (shortfalls.length > 0 && !override) {
          throw new AppError(
            'not_qualified',
            409,
            `${technician.name} ${shortfalls.map((s) => describeShortfall(s)).join(' and ')}; give overrideReason to assign anyway`,
            'technicianId',
          );
        }
        const reason =
          shortfalls.length > 0
            ? `assigned by ${actor.name} despite: ${technician.name} ${shortfalls.map((s) => describeShortfall(s)).join(' and ')} (${override})`
            : `assigned by ${actor.name}`;
        return this.#record(
          tx,
          actor,
          ticket,
          {
            status: 'assigned',
            technician_id: technician.userId,
            assigned_at: at,
            dispatch_flag: null,
            dispatch_reason: reason,
            // The new technician confirms their own visit.
            scheduled_at: null,
            visit_place: null,
          },
          {
            kind: 'assigned',
            note: reason,
            data: {
              technicianId: technician.userId,
              automatic: false,
              ...(shortfalls.length > 0 ? { override, shortfalls: shortfalls.map((s) => describeShortfall(s)) } : {}),
            },
          },
          context,
        );
      },
    );
  }

  /**
   * MNT-3: the planner books the work into a window (e.g. a preventive service next Tuesday
   * morning). The technician still agrees the exact visit with the requester (`confirmVisit`);
   * booking again replaces the window, and the history keeps every one.
   * @throws AppError invalid naming `to` when the window is empty, past or longer than 14 days.
   */
  async schedule(
    actor: Actor,
    id: number,
    input: { from: string; to: string; note?: string | undefined },
    context: AuditContext = {},
  ): Promise<TicketRow> {
    const from = new Date(input.from);
    const to = new Date(input.to);
    if (Number.isNaN(from.getTime())) throw invalid('from', 'must be a date and time');
    if (Number.isNaN(to.getTime())) throw invalid('to', 'must be a date and time');
    if (to.getTime() <= from.getTime()) throw invalid('to', 'must be after from');
    if (to.getTime() <= Date.now()) throw invalid('to', 'must be in the future');
    if (to.getTime() - from.getTime() > MAX_PLANNED_WINDOW_MS) throw invalid('to', 'the window may span at most 14 days');
    const authorize = () => {
      if (!maySchedule(actor)) throw forbidden('only a maintenance planner books the work window');
    };
    return this.#step(actor, id, 'schedule', authorize, (tx, ticket) =>
      this.#record(
        tx,
        actor,
        ticket,
        { planned_from: from, planned_to: to },
        {
          kind: 'planned',
          note: input.note?.trim() || null,
          data: {
            from: from.toISOString(),
            to: to.toISOString(),
            previousFrom: ticket.planned_from?.toISOString() ?? null,
            previousTo: ticket.planned_to?.toISOString() ?? null,
          },
        },
        context,
      ),
    );
  }

  #assignedTechnicianOnly(actor: Actor): (ticket: TicketRow) => void {
    return (ticket) => {
      if (!isTechnicianOf(actor, ticket)) throw forbidden('only the technician assigned to this ticket may do this');
    };
  }

  /** MNT-3: the technician has contacted the requester and confirms time and place (the SLA response). */
  async confirmVisit(
    actor: Actor,
    id: number,
    input: { scheduledAt: string; place?: string | undefined; contactMethod: string; note?: string | undefined },
    context: AuditContext = {},
  ): Promise<TicketRow> {
    const when = new Date(input.scheduledAt);
    if (when.getTime() < Date.now() - PAST_VISIT_GRACE_MS) throw invalid('scheduledAt', 'must not be in the past');
    return this.#step(actor, id, 'confirm', this.#assignedTechnicianOnly(actor), (tx, ticket) =>
      this.#record(
        tx,
        actor,
        ticket,
        {
          status: 'scheduled',
          scheduled_at: when,
          visit_place: input.place?.trim() || ticket.place_text,
          responded_at: ticket.responded_at ?? new Date(),
        },
        {
          kind: 'confirmed',
          note: input.note?.trim() || null,
          data: {
            scheduledAt: when.toISOString(),
            place: input.place?.trim() || ticket.place_text,
            contactMethod: input.contactMethod,
          },
        },
        context,
      ),
    );
  }

  /** MNT-4: steps, parts replaced and time spent, as the work goes. */
  async logWork(
    actor: Actor,
    id: number,
    input: { steps: string; minutes: number; parts?: Array<{ name: string; quantity: number; cost: number }> | undefined },
    context: AuditContext = {},
  ): Promise<TicketRow> {
    const parts = (input.parts ?? []).map((p, index) => {
      if (p.name.trim() === '') throw invalid(`parts.${index}.name`, 'must not be empty');
      return { name: p.name.trim(), quantity: p.quantity, cost: Math.round(p.cost * 100) / 100 };
    });
    if (input.steps.trim() === '') throw invalid('steps', 'must not be empty');
    return this.#step(actor, id, 'log_work', this.#assignedTechnicianOnly(actor), async (tx, ticket) => {
      const log = await repo.insertWorkLog(tx, {
        ticketId: Number(ticket.id),
        technicianId: actor.userId,
        technicianName: actor.name,
        steps: input.steps.trim(),
        minutes: input.minutes,
        reworkRound: ticket.rework_count,
        parts,
      });
      const partsCost = parts.reduce((sum, p) => sum + p.cost, 0);
      return this.#record(
        tx,
        actor,
        ticket,
        {
          status: 'in_progress',
          labour_minutes: ticket.labour_minutes + input.minutes,
          parts_cost: Math.round((Number(ticket.parts_cost) + partsCost) * 100) / 100,
        },
        { kind: 'work_logged', data: { workLogId: Number(log.id), minutes: input.minutes, parts, steps: input.steps.trim() } },
        context,
      );
    });
  }

  /**
   * MNT-4: a postponement (new visit time) or a change of plan, with a reason, submitted for
   * approval; the ticket keeps its schedule and plan until a planner approves.
   */
  async requestChange(
    actor: Actor,
    id: number,
    input: { reason: string; scheduledAt?: string | undefined; plan?: string | undefined },
    context: AuditContext = {},
  ): Promise<{ ticket: TicketRow; approvalId: number }> {
    if (input.scheduledAt === undefined && input.plan === undefined)
      throw invalid('scheduledAt', 'give a new time, a new plan or both');
    if (input.reason.trim() === '') throw invalid('reason', 'must not be empty');
    const when = input.scheduledAt === undefined ? null : new Date(input.scheduledAt);
    if (when && when.getTime() < Date.now()) throw invalid('scheduledAt', 'must be in the future');
    let approvalId = 0;
    const ticket = await this.#step(actor, id, 'request_change', this.#assignedTechnicianOnly(actor), async (tx, current) => {
      if (current.pending_change)
        throw illegalTransition(
          `ticket #${id} already has a change waiting for approval (#${current.pending_change.approvalId})`,
        );
      const approval = await this.#approvals.submit(
        tx,
        actor,
        {
          kind: POSTPONEMENT_KIND,
          subjectType: SUBJECT,
          subjectId: id,
          title: `${when ? 'Postpone' : 'Change the plan of'} ticket #${id}: ${current.title}`,
          payload: {
            ticketId: id,
            reason: input.reason.trim(),
            scheduledAt: when?.toISOString() ?? null,
            previousScheduledAt: current.scheduled_at?.toISOString() ?? null,
            plan: input.plan?.trim() ?? null,
            previousPlan: current.plan,
          },
        },
        context,
      );
      approvalId = Number(approval.id);
      const pending: PendingChange = {
        approvalId,
        reason: input.reason.trim(),
        scheduledAt: when?.toISOString() ?? null,
        plan: input.plan?.trim() ?? null,
        requestedBy: actor.name,
        requestedAt: new Date().toISOString(),
      };
      return this.#record(
        tx,
        actor,
        current,
        { pending_change: pending },
        { kind: 'change_requested', note: pending.reason, data: { ...pending } },
        context,
      );
    });
    return { ticket, approvalId };
  }

  /** The approval's effect, in the decision's transaction. */
  async #settleChange(
    tx: Queryable,
    request: ApprovalRequestRow,
    actor: Actor,
    outcome: 'approved' | 'rejected',
    reason?: string,
  ): Promise<void> {
    const ticket = await repo.lockTicket(tx, Number(request.subject_id));
    // A stale request (the ticket moved on, or was reassigned with a new request since) changes nothing.
    if (!ticket || ticket.pending_change?.approvalId !== Number(request.id)) return;
    const pending = ticket.pending_change;
    const changes: TicketChanges = { pending_change: null };
    if (outcome === 'approved' && ticket.status !== 'closed') {
      if (pending.scheduledAt !== null) {
        const visit = new Date(pending.scheduledAt);
        changes.scheduled_at = visit;
        changes.resolve_due_at = postponedResolveBy(ticket.resolve_due_at, ticket.scheduled_at, visit, new Date());
      }
      if (pending.plan !== null) changes.plan = pending.plan;
    }
    await this.#record(
      tx,
      actor,
      ticket,
      changes,
      {
        kind: outcome === 'approved' ? 'change_approved' : 'change_rejected',
        note: reason ?? null,
        data: { approvalId: pending.approvalId },
      },
      {},
    );
  }

  /** MNT-5: the technician reports the repair done; the requester is asked to accept it. */
  async markDone(
    actor: Actor,
    id: number,
    input: { summary?: string | undefined },
    context: AuditContext = {},
  ): Promise<TicketRow> {
    return this.#step(actor, id, 'mark_done', this.#assignedTechnicianOnly(actor), (tx, ticket) =>
      this.#record(
        tx,
        actor,
        ticket,
        { status: 'awaiting_acceptance', resolved_at: new Date() },
        { kind: 'done', note: input.summary?.trim() || 'The repair is done: please check it and accept or reject it.' },
        context,
      ),
    );
  }

  /** Only the requester accepts or rejects; a planner may stand in for one who cannot be reached, saying why. */
  #requesterOrStandIn(actor: Actor, onBehalfReason: string | undefined): (ticket: TicketRow) => void {
    return (ticket) => {
      if (isRequesterOf(actor, ticket)) return;
      if (!plansMaintenance(actor)) throw forbidden('only the requester (or a planner on their behalf) decides on the repair');
      if (ticket.requester_id !== null && !onBehalfReason?.trim())
        throw invalid('onBehalfReason', 'say why the requester cannot decide themselves');
    };
  }

  /** MNT-5: acceptance with a rating, after every applicable acceptance guard agrees. */
  async accept(
    actor: Actor,
    id: number,
    input: { rating: number; feedback?: string | undefined; onBehalfReason?: string | undefined },
    context: AuditContext = {},
  ): Promise<TicketRow> {
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw invalid('rating', 'must be 1 to 5');
    return this.#step(actor, id, 'accept', this.#requesterOrStandIn(actor, input.onBehalfReason), async (tx, ticket) => {
      for (const [name, guard] of this.#guards) {
        if (!guard.appliesTo(ticket)) continue;
        const verdict = await guard.check(tx, ticket);
        if (!verdict.ok) throw new AppError('acceptance_blocked', 409, `${name}: ${verdict.reason}`);
      }
      const onBehalf = isRequesterOf(actor, ticket) ? undefined : input.onBehalfReason?.trim();
      return this.#record(
        tx,
        actor,
        ticket,
        {
          status: 'closed',
          resolution: 'accepted',
          rating: input.rating,
          feedback: input.feedback?.trim() || null,
          closed_at: new Date(),
        },
        {
          kind: 'accepted',
          note: input.feedback?.trim() || null,
          data: { rating: input.rating, ...(onBehalf ? { onBehalfReason: onBehalf } : {}) },
        },
        context,
      );
    });
  }

  /** MNT-5: the repair is not good enough; back to the same technician for rework. */
  async reject(
    actor: Actor,
    id: number,
    input: { reason: string; onBehalfReason?: string | undefined },
    context: AuditContext = {},
  ): Promise<TicketRow> {
    if (input.reason.trim() === '') throw invalid('reason', 'say what is still wrong');
    return this.#step(actor, id, 'reject', this.#requesterOrStandIn(actor, input.onBehalfReason), (tx, ticket) => {
      const onBehalf = isRequesterOf(actor, ticket) ? undefined : input.onBehalfReason?.trim();
      return this.#record(
        tx,
        actor,
        ticket,
        { status: 'rework', rework_count: ticket.rework_count + 1, resolved_at: null },
        {
          kind: 'rejected',
          note: input.reason.trim(),
          data: { reworkRound: ticket.rework_count + 1, ...(onBehalf ? { onBehalfReason: onBehalf } : {}) },
        },
        context,
      );
    });
  }

  /** The requester withdraws the request (or a planner closes it) before work has started. */
  async cancel(actor: Actor, id: number, input: { reason: string }, context: AuditContext = {}): Promise<TicketRow> {
    if (input.reason.trim() === '') throw invalid('reason', 'must not be empty');
    const authorize = (ticket: TicketRow) => {
      if (!isRequesterOf(actor, ticket) && !plansMaintenance(actor))
        throw forbidden('only the requester or a planner may cancel');
    };
    return this.#step(actor, id, 'cancel', authorize, (tx, ticket) =>
      this.#record(
        tx,
        actor,
        ticket,
        {
          status: 'closed',
          resolution: 'cancelled',
          close_reason: input.reason.trim(),
          closed_at: new Date(),
          dispatch_flag: null,
        },
        { kind: 'cancelled', note: input.reason.trim() },
        context,
      ),
    );
  }

  async #visible(q: Queryable, actor: Actor, id: number): Promise<TicketRow> {
    const ticket = await repo.findTicket(q, id);
    if (!ticket || !maySee(actor, ticket)) throw notFound(`maintenance ticket ${id}`);
    return ticket;
  }

  /** A ticket with its history, work log and photos, for those who may see it. */
  async detail(actor: Actor, id: number) {
    const ticket = await this.#visible(this.#db, actor, id);
    const [history, work, photos] = await Promise.all([
      repo.eventsOf(this.#db, id),
      repo.workLogsOf(this.#db, id),
      repo.photosOf(this.#db, id),
    ]);
    return { ticket, history, work, photos };
  }

  /** Lists in the actor's scope: all for planners and managers, else own requests and own assignments. */
  list(actor: Actor, filter: Omit<TicketFilter, 'visibleTo' | 'now'>): Promise<TicketRow[]> {
    return repo.listTickets(this.#db, {
      ...filter,
      now: new Date(),
      visibleTo: seesAllTickets(actor) ? undefined : { userId: actor.userId ?? -1, assigned: actor.roles.includes('technician') },
    });
  }

  /** Checks before reading an upload's body that the actor may add photos to the ticket. */
  async assertMayAddPhotos(actor: Actor, id: number): Promise<void> {
    const ticket = await this.#visible(this.#db, actor, id);
    if (!mayAddPhotos(actor, ticket)) throw forbidden('only the requester, the technician or a planner adds photos');
    if (ticket.status === 'closed') throw illegalTransition(`ticket #${id} is closed`);
  }

  /**
   * MNT-1: photos of the fault (or of the work). Every file must really be a JPEG, PNG or WebP
   * image (magic bytes); nothing is stored unless all are.
   */
  async addPhotos(
    actor: Actor,
    id: number,
    files: ReadonlyArray<{ filename: string; bytes: Buffer }>,
    context: AuditContext = {},
  ) {
    if (files.length === 0) throw invalid('photos', 'send at least one image file');
    const typed: Array<{ type: ImageType; bytes: Buffer }> = files.map((file, index) => {
      if (file.bytes.length > this.#photoMaxBytes)
        throw new AppError('payload_too_large', 413, `must be at most ${this.#photoMaxBytes} bytes`, `photos.${index}`);
      const type = sniffImage(file.bytes);
      if (!type) throw invalid(`photos.${index}`, `${file.filename || 'the file'} is not a JPEG, PNG or WebP image`);
      return { type, bytes: file.bytes };
    });
    const saved: string[] = [];
    try {
      return await this.#transaction(async (tx) => {
        const ticket = await repo.lockTicket(tx, id);
        if (!ticket || !maySee(actor, ticket)) throw notFound(`maintenance ticket ${id}`);
        if (!mayAddPhotos(actor, ticket)) throw forbidden('only the requester, the technician or a planner adds photos');
        if (ticket.status === 'closed') throw illegalTransition(`ticket #${id} is closed`);
        const existing = await repo.countPhotos(tx, id);
        if (existing + typed.length > this.#photosPerTicket)
          throw invalid('photos', `a ticket keeps at most ${this.#photosPerTicket} photos (${existing} already)`);
        const rows = [];
        for (const file of typed) {
          const path = await this.#photos.save(id, file.type, file.bytes);
          saved.push(path);
          rows.push(
            await repo.insertPhoto(tx, {
              ticketId: id,
              uploadedBy: actor.userId,
              uploaderName: actor.name,
              contentType: file.type.contentType,
              bytes: file.bytes.length,
              sha256: createHash('sha256').update(file.bytes).digest('hex'),
              path,
            }),
          );
        }
        await this.#record(
          tx,
          actor,
          ticket,
          {},
          { kind: 'photos_added', data: { photoIds: rows.map((r) => Number(r.id)), sha256: rows.map((r) => r.sha256) } },
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
    await this.#visible(this.#db, actor, id);
    const row = await repo.findPhoto(this.#db, id, photoId);
    if (!row) throw notFound(`photo ${photoId} of ticket ${id}`);
    return { contentType: row.content_type, bytes: await this.#photos.read(row.path) };
  }

  /** The planner's view of the technicians: skills, certifications, shift and workload now. */
  async technicians() {
    const at = new Date();
    const candidates = await this.#candidates(this.#db, at);
    return candidates.map((c) => ({
      id: c.userId,
      name: c.name,
      skills: [...c.skills],
      certifications: c.certifications.map((cert) => ({ ...cert, valid: certificationValid(cert, at) })),
      onShift: onShift(c.shifts, at),
      workload: c.workload,
    }));
  }

  /** MNT-6, see reports.ts. */
  stats(period: Period, bucket: 'day' | 'week' | 'month') {
    return maintenanceStats(this.#db, period, bucket, this.#labourRate);
  }

  /** MNT-7, see reports.ts. */
  analysis(period: Period, repeatWithinDays: number, top: number) {
    return failureAnalysis(this.#db, period, repeatWithinDays, top);
  }

  /** Display labels and limits for forms (fault types, urgencies with their SLA, statuses...). */
  vocabulary() {
    const entries = <K extends string>(labels: Record<K, Label>) =>
      (Object.keys(labels) as K[]).map((key) => ({ key, label: labels[key] }));
    return {
      faultTypes: entries(FAULT_TYPE_LABELS),
      urgencies: URGENCIES.map((key) => ({ key, label: URGENCY_LABELS[key], ...this.#sla[key] })),
      statuses: entries(STATUS_LABELS),
      resolutions: entries(RESOLUTION_LABELS),
      sources: entries(SOURCE_LABELS),
      jobFlags: entries(JOB_FLAG_LABELS),
      photos: {
        maxBytes: this.#photoMaxBytes,
        perTicket: this.#photosPerTicket,
        types: ['image/jpeg', 'image/png', 'image/webp'],
      },
    };
  }
}
