import Type from 'typebox';
import { Nullable } from '../../http/nullable.ts';
import { FAULT_TYPES, JOB_FLAGS, RESOLUTIONS, TICKET_SOURCES, TICKET_STATUSES, URGENCIES } from './vocabulary.ts';

const DateTime = Type.String({ format: 'date-time' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const FaultTypeSchema = Type.Enum(FAULT_TYPES);
export const UrgencySchema = Type.Enum(URGENCIES);
export const StatusSchema = Type.Enum(TICKET_STATUSES);
export const SourceSchema = Type.Enum(TICKET_SOURCES);
export const JobFlagSchema = Type.Enum(JOB_FLAGS);
export const ResolutionSchema = Type.Enum(RESOLUTIONS);
/** Asset ids are the asset register's codes, kept as text (the assets context may not be there). */
export const AssetIdSchema = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$' });

/** contracts.ts `Place`: a registered building/room, or free text, always with a description. */
export const PlaceSchema = Type.Object(
  {
    buildingId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    roomId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    text: Text(200),
  },
  { additionalProperties: false },
);

const LabelSchema = Type.Object({ en: Type.String(), zh: Type.String() });

export const TicketIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const PhotoParams = Type.Object({ id: Type.Integer({ minimum: 1 }), photoId: Type.Integer({ minimum: 1 }) });

export const NewRequestSchema = Type.Object(
  {
    title: Text(120),
    description: Text(4000),
    place: PlaceSchema,
    assetId: Type.Optional(Nullable(AssetIdSchema)),
    contactPhone: Type.Optional(Nullable(Type.String({ pattern: '^[+0-9][0-9 ()-]{2,30}$' }))),
  },
  { additionalProperties: false },
);

export const TriageSchema = Type.Object(
  {
    inScope: Type.Boolean({ description: 'Within logistics maintenance (regulation §4(一)2)?' }),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Required when out of scope: the requester reads it.' })),
    faultType: Type.Optional(FaultTypeSchema),
    urgency: Type.Optional(UrgencySchema),
    flags: Type.Optional(Type.Array(JobFlagSchema, { maxItems: JOB_FLAGS.length, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const AssignSchema = Type.Object(
  {
    technicianId: Type.Integer({ minimum: 1 }),
    overrideReason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2000, description: 'Assign someone who lacks a skill or certification, and why.' }),
    ),
  },
  { additionalProperties: false },
);

export const ConfirmSchema = Type.Object(
  {
    scheduledAt: DateTime,
    place: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Where to meet, when not the reported place.' }),
    ),
    contactMethod: Type.Enum(['phone', 'message', 'in_person']),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ScheduleSchema = Type.Object(
  {
    from: Type.String({ format: 'date-time', description: 'Start of the planned work window.' }),
    to: Type.String({ format: 'date-time', description: 'End of the window: after from, in the future, at most 14 days later.' }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'For the technician, e.g. why this window.' })),
  },
  { additionalProperties: false },
);

export const PartInputSchema = Type.Object(
  {
    name: Text(120),
    quantity: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    cost: Type.Number({ minimum: 0, maximum: 10_000_000, description: 'Cost of the line (all of the quantity).' }),
  },
  { additionalProperties: false },
);

export const WorkLogSchema = Type.Object(
  {
    steps: Text(4000),
    minutes: Type.Integer({ minimum: 0, maximum: 1440 }),
    parts: Type.Optional(Type.Array(PartInputSchema, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const ChangeRequestSchema = Type.Object(
  {
    reason: Text(2000),
    scheduledAt: Type.Optional(DateTime),
    plan: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);

export const DoneSchema = Type.Object(
  { summary: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const AcceptSchema = Type.Object(
  {
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    feedback: Type.Optional(Type.String({ maxLength: 2000 })),
    onBehalfReason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2000, description: 'A planner accepting for an unreachable requester says why.' }),
    ),
  },
  { additionalProperties: false },
);

export const RejectSchema = Type.Object(
  {
    reason: Text(2000),
    onBehalfReason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const CancelSchema = Type.Object({ reason: Text(2000) }, { additionalProperties: false });

export const TicketQuerySchema = Type.Object({
  status: Type.Optional(StatusSchema),
  open: Type.Optional(Type.Boolean()),
  urgency: Type.Optional(UrgencySchema),
  faultType: Type.Optional(FaultTypeSchema),
  technicianId: Type.Optional(Type.Integer({ minimum: 1 })),
  requesterId: Type.Optional(Type.Integer({ minimum: 1 })),
  assetId: Type.Optional(AssetIdSchema),
  buildingId: Type.Optional(Type.String({ maxLength: 64 })),
  source: Type.Optional(SourceSchema),
  overdue: Type.Optional(Type.Boolean()),
  unassignable: Type.Optional(Type.Boolean({ description: 'Only tickets nobody qualified for (the planner queue).' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

const PersonSchema = Type.Object({ id: Type.Integer(), name: Type.String() });

export const SlaSchema = Type.Object({
  respondBy: Nullable(Type.String()),
  resolveBy: Nullable(Type.String()),
  respondedAt: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  respondOverdue: Type.Boolean(),
  resolveOverdue: Type.Boolean(),
  overdue: Type.Boolean(),
});

export const PendingChangeSchema = Type.Object({
  approvalId: Type.Integer(),
  reason: Type.String(),
  scheduledAt: Nullable(Type.String()),
  plan: Nullable(Type.String()),
  requestedBy: Type.String(),
  requestedAt: Type.String(),
});

export const TicketSchema = Type.Object({
  id: Type.Integer(),
  source: SourceSchema,
  title: Type.String(),
  description: Type.String(),
  place: Type.Object({ buildingId: Nullable(Type.String()), roomId: Nullable(Type.String()), text: Type.String() }),
  assetId: Nullable(Type.String()),
  faultType: Nullable(FaultTypeSchema),
  urgency: Nullable(UrgencySchema),
  jobFlags: Type.Array(JobFlagSchema),
  evidence: Nullable(Type.Record(Type.String(), Type.Unknown())),
  dedupeKey: Nullable(Type.String()),
  status: StatusSchema,
  statusLabel: LabelSchema,
  resolution: Nullable(ResolutionSchema),
  closeReason: Nullable(Type.String()),
  requester: Nullable(PersonSchema),
  requesterName: Type.String(),
  departmentId: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  technician: Nullable(PersonSchema),
  dispatchFlag: Nullable(Type.String()),
  dispatchReason: Nullable(Type.String()),
  scheduledAt: Nullable(Type.String()),
  plannedWindow: Nullable(Type.Object({ from: Type.String(), to: Type.String() })),
  visitPlace: Nullable(Type.String()),
  plan: Nullable(Type.String()),
  pendingChange: Nullable(PendingChangeSchema),
  sla: SlaSchema,
  rating: Nullable(Type.Integer()),
  feedback: Nullable(Type.String()),
  reworkCount: Type.Integer(),
  labourMinutes: Type.Integer(),
  partsCost: Type.Number(),
  triagedAt: Nullable(Type.String()),
  assignedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const EventSchema = Type.Object({
  at: Type.String(),
  actorName: Type.String(),
  kind: Type.String(),
  note: Nullable(Type.String()),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

export const PartSchema = Type.Object({ name: Type.String(), quantity: Type.Number(), cost: Type.Number() });
export const WorkLogEntrySchema = Type.Object({
  id: Type.Integer(),
  technicianName: Type.String(),
  steps: Type.String(),
  minutes: Type.Integer(),
  reworkRound: Type.Integer(),
  at: Type.String(),
  parts: Type.Array(PartSchema),
});
export const PhotoSchema = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  contentType: Type.String(),
  bytes: Type.Integer(),
  uploaderName: Type.String(),
  createdAt: Type.String(),
});

export const TicketDetailSchema = Type.Object({
  ticket: TicketSchema,
  history: Type.Array(EventSchema),
  workLogs: Type.Array(WorkLogEntrySchema),
  photos: Type.Array(PhotoSchema),
});

export const OpenedSchema = Type.Object({ ticket: TicketSchema, created: Type.Boolean() });

export const PeriodQuerySchema = Type.Object({
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
});

export const StatsQuerySchema = Type.Object({
  ...PeriodQuerySchema.properties,
  bucket: Type.Enum(['day', 'week', 'month'], { default: 'month' }),
});

const CountSchema = Type.Object({ key: Nullable(Type.String()), label: Nullable(LabelSchema), count: Type.Integer() });

export const StatsSchema = Type.Object({
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  total: Type.Integer(),
  byStatus: Type.Array(CountSchema),
  byResolution: Type.Array(CountSchema),
  byFaultType: Type.Array(CountSchema),
  byUrgency: Type.Array(CountSchema),
  bySource: Type.Array(CountSchema),
  byBuilding: Type.Array(Type.Object({ buildingId: Nullable(Type.String()), count: Type.Integer() })),
  byTechnician: Type.Array(
    Type.Object({
      technicianId: Type.Integer(),
      name: Nullable(Type.String()),
      count: Type.Integer(),
      accepted: Type.Integer(),
      labourMinutes: Type.Integer(),
      meanRating: Nullable(Type.Number()),
    }),
  ),
  meanMinutesToRespond: Nullable(Type.Number()),
  meanMinutesToRepair: Nullable(Type.Number()),
  meanRating: Nullable(Type.Number()),
  costs: Type.Object({
    parts: Type.Number(),
    labourMinutes: Type.Integer(),
    labourRatePerHour: Type.Number(),
    labour: Type.Number(),
    total: Type.Number(),
  }),
  byPeriod: Type.Array(
    Type.Object({
      period: Type.String(),
      count: Type.Integer(),
      partsCost: Type.Number(),
      labourMinutes: Type.Integer(),
      cost: Type.Number(),
    }),
  ),
});

export const AnalysisQuerySchema = Type.Object({
  ...PeriodQuerySchema.properties,
  repeatWithinDays: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
  top: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
});

export const AnalysisSchema = Type.Object({
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  repeatWithinDays: Type.Integer(),
  topFaultTypes: Type.Array(Type.Object({ faultType: FaultTypeSchema, label: LabelSchema, count: Type.Integer() })),
  hotSpotAssets: Type.Array(
    Type.Object({
      assetId: Type.String(),
      count: Type.Integer(),
      faultTypes: Type.Array(FaultTypeSchema),
      lastAt: Type.String(),
    }),
  ),
  hotSpotPlaces: Type.Array(
    Type.Object({
      buildingId: Nullable(Type.String()),
      roomId: Nullable(Type.String()),
      placeText: Type.String(),
      count: Type.Integer(),
      lastAt: Type.String(),
    }),
  ),
  repeatFailures: Type.Array(
    Type.Object({
      assetId: Type.String(),
      repeats: Type.Integer(),
      ticketIds: Type.Array(Type.Integer()),
      lastAt: Type.String(),
    }),
  ),
});

export const TechnicianSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  skills: Type.Array(Type.Object({ skill: Type.String(), level: Type.Integer() })),
  certifications: Type.Array(
    Type.Object({ kind: Type.String(), status: Type.String(), expiresOn: Type.String(), valid: Type.Boolean() }),
  ),
  onShift: Type.Boolean(),
  workload: Type.Object({ weighted: Type.Integer(), open: Type.Integer() }),
});

export const VocabularySchema = Type.Object({
  faultTypes: Type.Array(Type.Object({ key: FaultTypeSchema, label: LabelSchema })),
  urgencies: Type.Array(
    Type.Object({
      key: UrgencySchema,
      label: LabelSchema,
      respondWithinMinutes: Type.Integer(),
      resolveWithinMinutes: Type.Integer(),
    }),
  ),
  statuses: Type.Array(Type.Object({ key: StatusSchema, label: LabelSchema })),
  resolutions: Type.Array(Type.Object({ key: ResolutionSchema, label: LabelSchema })),
  sources: Type.Array(Type.Object({ key: SourceSchema, label: LabelSchema })),
  jobFlags: Type.Array(Type.Object({ key: JobFlagSchema, label: LabelSchema })),
  photos: Type.Object({ maxBytes: Type.Integer(), perTicket: Type.Integer(), types: Type.Array(Type.String()) }),
});
