import Type from 'typebox';
import { importReportProperties } from '../../http/csv-import-schema.ts';
import { Nullable } from '../../http/nullable.ts';
import { DORM_IMPORT_KINDS } from './csv.ts';
import {
  BUILDING_GENDERS,
  CARD_STATUSES,
  CHECKOUT_STATUSES,
  CONDITIONS,
  FACILITY_KINDS,
  GENDERS,
  LEAVE_STATUSES,
  PHOTO_PHASES,
  RESIDENT_KINDS,
  RESIDENT_STATUSES,
  SAFETY_FINDING_KINDS,
  SAFETY_STATUSES,
  URGENCIES,
} from './vocabulary.ts';

const DateTime = Type.String({ format: 'date-time' });
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const LabelSchema = Type.Object({ en: Type.String(), zh: Type.String() });
const Money = Type.Number({ minimum: 0, maximum: 1_000_000 });

export const BuildingIdSchema = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$', description: 'e.g. B1' });
export const RoomIdSchema = Type.String({ minLength: 3, maxLength: 40, description: '<building>-<number>, e.g. B1-402' });
export const CardIdSchema = Type.String({ pattern: '^[\\x21-\\x7E]{1,64}$', description: 'Campus card or credential id' });
export const DeviceIdSchema = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
  description: 'Gate device id of the gateway registry, e.g. gate-01',
});
const AssetIdSchema = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$',
  description: 'Asset number in the asset register',
});
export const GenderSchema = Type.Enum(GENDERS);
export const ConditionSchema = Type.Enum(CONDITIONS);
export const FacilityKindSchema = Type.Enum(FACILITY_KINDS);
export const ResidentStatusSchema = Type.Enum(RESIDENT_STATUSES);
export const CheckoutStatusSchema = Type.Enum(CHECKOUT_STATUSES);
export const LeaveStatusSchema = Type.Enum(LEAVE_STATUSES);
export const SafetyStatusSchema = Type.Enum(SAFETY_STATUSES);
export const PhotoPhaseSchema = Type.Enum(PHOTO_PHASES);
export const UrgencySchema = Type.Enum(URGENCIES);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const BuildingParams = Type.Object({ id: BuildingIdSchema });
export const RoomParams = Type.Object({ id: RoomIdSchema });
export const CardParams = Type.Object({ cardId: CardIdSchema });
export const GateParams = Type.Object({ deviceId: DeviceIdSchema });
export const PhotoParams = Type.Object({ id: Type.Integer({ minimum: 1 }), photoId: Type.Integer({ minimum: 1 }) });
export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

// ── Register ─────────────────────────────────────────────────────────────────────────────────

export const BuildingBodySchema = Type.Object(
  {
    name: Text(64),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    gender: Type.Enum(BUILDING_GENDERS, { description: 'male / female building, or mixed with floorGenders' }),
    floors: Type.Integer({ minimum: 1, maximum: 60 }),
    floorGenders: Type.Optional(
      Type.Array(
        Type.Object({ floor: Type.Integer({ minimum: 1, maximum: 60 }), gender: GenderSchema }, { additionalProperties: false }),
        { maxItems: 60 },
      ),
    ),
  },
  { additionalProperties: false },
);

export const BuildingSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  gender: Type.Enum(BUILDING_GENDERS),
  floors: Type.Integer(),
  floorGenders: Type.Array(Type.Object({ floor: Type.Integer(), gender: GenderSchema })),
  rooms: Type.Integer(),
  beds: Type.Integer(),
  occupied: Type.Integer({ description: 'Beds allocated or lived in' }),
  checkedIn: Type.Integer(),
  gates: Type.Array(Type.String()),
});

export const RoomBodySchema = Type.Object(
  {
    buildingId: BuildingIdSchema,
    floor: Type.Integer({ minimum: 1, maximum: 60 }),
    number: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$' }),
    beds: Type.Integer({ minimum: 1, maximum: 12 }),
    facilities: Type.Optional(
      Type.String({
        maxLength: 500,
        description: 'Register spec: kind, kind*n, kind* (per bed), separated by ; Beds are always registered.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RoomSchema = Type.Object({
  id: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  floor: Type.Integer(),
  number: Type.String(),
  status: Type.String(),
  gender: Nullable(GenderSchema),
  beds: Type.Integer(),
  occupied: Type.Integer(),
  free: Type.Integer(),
});

export const RoomQuerySchema = Type.Object({
  buildingId: Type.Optional(BuildingIdSchema),
  floor: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  hasFreeBed: Type.Optional(Type.Boolean()),
  ...PageQuery,
});

export const FacilityItemSchema = Type.Object({
  id: Type.Integer(),
  roomId: Type.String(),
  kind: Type.String(),
  kindLabel: LabelSchema,
  label: Type.String(),
  assetId: Nullable(Type.String()),
  condition: ConditionSchema,
  note: Nullable(Type.String()),
});

export const FaultSchema = Type.Object({
  id: Type.Integer(),
  itemId: Type.Integer(),
  description: Type.String(),
  reporterName: Type.String(),
  ticketId: Type.Integer(),
  ticketCreated: Type.Boolean(),
  reportedAt: Type.String(),
});

export const BedSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  occupied: Type.Boolean(),
  resident: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), status: Type.String() })),
});

export const RoomDetailSchema = Type.Object({
  room: RoomSchema,
  beds: Type.Array(BedSchema),
  facilities: Type.Array(FacilityItemSchema),
  faults: Type.Array(FaultSchema),
});

export const FacilityItemBodySchema = Type.Object(
  { kind: FacilityKindSchema, label: Type.Optional(Text(64)), assetId: Type.Optional(Nullable(AssetIdSchema)) },
  { additionalProperties: false },
);

export const FacilityItemPatchSchema = Type.Object(
  {
    label: Type.Optional(Text(64)),
    assetId: Type.Optional(Nullable(AssetIdSchema)),
    condition: Type.Optional(ConditionSchema),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const FaultBodySchema = Type.Object(
  { description: Text(2000), urgency: Type.Optional(UrgencySchema) },
  { additionalProperties: false },
);

export const FaultResultSchema = Type.Object({
  fault: FaultSchema,
  ticketId: Type.Integer(),
  created: Type.Boolean({ description: 'false: an open ticket for this item existed and was reused' }),
  item: FacilityItemSchema,
});

// ── Residents ────────────────────────────────────────────────────────────────────────────────

export const PlaceSchema = Type.Object({
  buildingId: Type.String(),
  buildingName: Type.String(),
  floor: Type.Integer(),
  roomId: Type.String(),
  roomNumber: Type.String(),
  bedId: Type.String(),
  bedLabel: Type.String(),
});

export const ResidentSchema = Type.Object({
  id: Type.Integer(),
  personNo: Type.String(),
  kind: Type.Enum(RESIDENT_KINDS),
  name: Type.String(),
  gender: GenderSchema,
  cohort: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  hasIdDocument: Type.Boolean({ description: 'The ID digits themselves are never shown' }),
  userId: Nullable(Type.Integer()),
  status: ResidentStatusSchema,
  statusLabel: LabelSchema,
  place: Nullable(PlaceSchema),
  allocatedAt: Nullable(Type.String()),
  checkedInAt: Nullable(Type.String()),
  checkedOutAt: Nullable(Type.String()),
});

const PersonNo = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$', description: 'Student or staff number' });
const IdLast4 = Type.String({ pattern: '^[0-9Xx]{4}$', description: 'Last 4 characters of the ID document' });
const Phone = Type.String({ pattern: '^[+0-9][0-9 ()-]{2,30}$' });

export const ResidentBodySchema = Type.Object(
  {
    personNo: PersonNo,
    name: Text(64),
    gender: GenderSchema,
    kind: Type.Optional(Type.Enum(RESIDENT_KINDS)),
    cohort: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    phone: Type.Optional(Nullable(Phone)),
    idLast4: Type.Optional(Nullable(IdLast4)),
    userId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  },
  { additionalProperties: false },
);

export const ResidentPatchSchema = Type.Object(
  {
    name: Type.Optional(Text(64)),
    cohort: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    phone: Type.Optional(Nullable(Phone)),
    idLast4: Type.Optional(Nullable(IdLast4)),
    userId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ResidentQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Start of the student number, or part of the name' })),
  status: Type.Optional(ResidentStatusSchema),
  cohort: Type.Optional(Type.String({ maxLength: 64 })),
  buildingId: Type.Optional(BuildingIdSchema),
  roomId: Type.Optional(RoomIdSchema),
  ...PageQuery,
});

export const NotificationSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  title: LabelSchema,
  body: LabelSchema,
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});

export const MyAllocationSchema = Type.Object({
  residentId: Type.Integer(),
  status: ResidentStatusSchema,
  statusLabel: LabelSchema,
  place: Nullable(PlaceSchema),
  allocatedAt: Nullable(Type.String()),
  checkedInAt: Nullable(Type.String()),
});

export const AllocationBodySchema = Type.Object(
  {
    buildingIds: Type.Optional(
      Type.Array(BuildingIdSchema, { maxItems: 50, description: 'Only these buildings (default: all)' }),
    ),
    cohorts: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500, description: 'Only these classes' }),
    ),
    residentIds: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1 }), {
        maxItems: 20_000,
        description: 'Only these residents (may include checked-out ones returning)',
      }),
    ),
    dryRun: Type.Boolean({ default: false, description: 'Plan only: show the beds, store nothing' }),
  },
  { additionalProperties: false },
);

const CohortStatsSchema = Type.Object({
  cohort: Nullable(Type.String()),
  students: Type.Integer(),
  placed: Type.Integer(),
  rooms: Type.Integer(),
  floors: Type.Integer(),
  sharedRooms: Type.Integer({ description: 'Rooms the class shares with another class' }),
});

export const AllocationResultSchema = Type.Object({
  runId: Nullable(Type.Integer()),
  dryRun: Type.Boolean(),
  candidates: Type.Integer(),
  placed: Type.Integer(),
  unplaced: Type.Integer(),
  cohorts: Type.Array(CohortStatsSchema),
  unplacedResidents: Type.Array(Type.Object({ residentId: Type.Integer(), personNo: Type.String(), reason: Type.String() })),
  assignments: Type.Array(
    Type.Object({ residentId: Type.Integer(), personNo: Type.String(), bedId: Type.String(), roomId: Type.String() }),
  ),
});

export const AllocationRunSchema = Type.Object({
  id: Type.Integer(),
  runBy: Type.String(),
  at: Type.String(),
  options: Type.Record(Type.String(), Type.Unknown()),
  summary: Type.Record(Type.String(), Type.Unknown()),
});

// ── Check-in and check-out ───────────────────────────────────────────────────────────────────

const ReportedItemSchema = Type.Object(
  {
    itemId: Type.Integer({ minimum: 1 }),
    condition: ConditionSchema,
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const CheckInBodySchema = Type.Object(
  {
    personNo: PersonNo,
    idLast4: IdLast4,
    items: Type.Array(ReportedItemSchema, { maxItems: 200, description: 'One entry per item of the room’s facility register' }),
    cardId: Type.Optional(CardIdSchema),
  },
  { additionalProperties: false },
);

export const ReportSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(['check_in', 'check_out']),
  residentId: Type.Integer(),
  roomId: Type.String(),
  bedId: Type.String(),
  checkoutId: Nullable(Type.Integer()),
  items: Type.Array(
    Type.Object({
      itemId: Type.Integer(),
      kind: Type.String(),
      label: Type.String(),
      assetId: Nullable(Type.String()),
      condition: ConditionSchema,
      note: Nullable(Type.String()),
      charged: Type.Optional(Type.Number()),
      ticketId: Type.Optional(Nullable(Type.Integer())),
    }),
  ),
  charged: Type.Number(),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
});

export const CheckInResultSchema = Type.Object({ resident: ResidentSchema, report: ReportSchema });

export const CheckoutBodySchema = Type.Object(
  {
    residentId: Type.Optional(Type.Integer({ minimum: 1, description: 'Staff file for a resident; a resident leaves it out' })),
    reason: Text(500),
    plannedOn: Type.Optional(DateString),
  },
  { additionalProperties: false },
);

export const CheckoutSchema = Type.Object({
  id: Type.Integer(),
  residentId: Type.Integer(),
  residentName: Type.String(),
  personNo: Type.String(),
  status: CheckoutStatusSchema,
  statusLabel: LabelSchema,
  reason: Type.String(),
  plannedOn: Nullable(Type.String()),
  approvalId: Nullable(Type.Integer()),
  requestedBy: Type.String(),
  decisionNote: Nullable(Type.String()),
  reportId: Nullable(Type.Integer()),
  charged: Nullable(Type.Number()),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
});

export const CheckoutQuerySchema = Type.Object({ status: Type.Optional(CheckoutStatusSchema), ...PageQuery });

export const CheckoutDetailSchema = Type.Object({ checkout: CheckoutSchema, report: Nullable(ReportSchema) });

export const CompleteCheckoutSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          itemId: Type.Integer({ minimum: 1 }),
          condition: ConditionSchema,
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          damageCost: Type.Optional(Money),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

export const CompleteCheckoutResultSchema = Type.Object({
  checkout: CheckoutSchema,
  report: ReportSchema,
  revokedCards: Type.Array(Type.String()),
});

// ── Leave and visitors ───────────────────────────────────────────────────────────────────────

export const LeaveBodySchema = Type.Object(
  {
    residentId: Type.Optional(Type.Integer({ minimum: 1 })),
    startsAt: DateTime,
    endsAt: DateTime,
    reason: Text(500),
    destination: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);

export const LeaveSchema = Type.Object({
  id: Type.Integer(),
  residentId: Type.Integer(),
  residentName: Type.String(),
  personNo: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  reason: Type.String(),
  destination: Nullable(Type.String()),
  status: LeaveStatusSchema,
  statusLabel: LabelSchema,
  approvalId: Nullable(Type.Integer()),
  requestedBy: Type.String(),
  decisionNote: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const LeaveQuerySchema = Type.Object({
  status: Type.Optional(LeaveStatusSchema),
  residentId: Type.Optional(Type.Integer({ minimum: 1 })),
  ...PageQuery,
});

export const VisitorPassBodySchema = Type.Object(
  {
    hostResidentId: Type.Integer({ minimum: 1 }),
    visitorName: Text(64),
    visitorPhone: Type.Optional(Nullable(Phone)),
    cardId: Type.Optional(Nullable(CardIdSchema)),
    buildingId: Type.Optional(BuildingIdSchema),
    validFrom: DateTime,
    validTo: DateTime,
  },
  { additionalProperties: false },
);

export const VisitorPassSchema = Type.Object({
  id: Type.Integer(),
  hostResidentId: Type.Integer(),
  hostName: Type.String(),
  buildingId: Type.String(),
  visitorName: Type.String(),
  visitorPhone: Nullable(Type.String()),
  cardId: Nullable(Type.String()),
  validFrom: Type.String(),
  validTo: Type.String(),
  status: Type.Enum(['active', 'revoked']),
  issuedBy: Type.String(),
  createdAt: Type.String(),
});

export const VisitorPassQuerySchema = Type.Object({
  activeAt: Type.Optional(DateTime),
  buildingId: Type.Optional(BuildingIdSchema),
  hostResidentId: Type.Optional(Type.Integer({ minimum: 1 })),
  ...PageQuery,
});

// ── Cards, gates, movements ──────────────────────────────────────────────────────────────────

export const CardBodySchema = Type.Object(
  {
    cardId: CardIdSchema,
    residentId: Type.Integer({ minimum: 1 }),
    validFrom: Type.Optional(Nullable(DateTime)),
    validTo: Type.Optional(Nullable(DateTime)),
  },
  { additionalProperties: false },
);

export const CardStatusBodySchema = Type.Object(
  { status: Type.Enum(['revoked', 'lost']), reason: Text(200) },
  { additionalProperties: false },
);

export const CardSchema = Type.Object({
  cardId: Type.String(),
  residentId: Type.Integer(),
  residentName: Type.String(),
  personNo: Type.String(),
  status: Type.Enum(CARD_STATUSES),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  revokedReason: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});

export const CardQuerySchema = Type.Object({
  residentId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Type.Enum(CARD_STATUSES)),
  ...PageQuery,
});

export const AccessSchema = Type.Object({
  cardId: Type.String(),
  gateDeviceId: Type.String(),
  allowed: Type.Boolean(),
  reason: Type.String(),
  reasonLabel: LabelSchema,
});

export const AccessQuerySchema = Type.Object({ gateDeviceId: Type.Optional(DeviceIdSchema) });

export const GateSchema = Type.Object({ deviceId: Type.String(), buildingId: Type.String(), buildingName: Type.String() });
export const GateBodySchema = Type.Object({ buildingId: BuildingIdSchema }, { additionalProperties: false });

export const MovementSchema = Type.Object({
  ts: Type.String(),
  deviceId: Type.String(),
  buildingId: Nullable(Type.String()),
  cardId: Type.String(),
  direction: Type.Enum(['in', 'out']),
  granted: Type.Boolean(),
  reason: Nullable(Type.String()),
});

export const MovementQuerySchema = Type.Object({ from: Type.Optional(DateTime), to: Type.Optional(DateTime), ...PageQuery });

export const OccupancySchema = Type.Object({
  at: Type.String(),
  buildings: Type.Array(
    Type.Object({
      buildingId: Type.String(),
      buildingName: Type.String(),
      residents: Type.Integer({ description: 'Checked in' }),
      inside: Type.Integer({ description: 'Last swipe: in, at this building' }),
      outside: Type.Integer({ description: 'Last swipe: out, or in elsewhere' }),
      unknown: Type.Integer({ description: 'No swipe in the window' }),
      onLeave: Type.Integer(),
    }),
  ),
});

// ── Inspections and safety ───────────────────────────────────────────────────────────────────

export const PlanBodySchema = Type.Object(
  {
    name: Text(120),
    buildingId: Type.Optional(Nullable(BuildingIdSchema)),
    everyDays: Type.Integer({ minimum: 1, maximum: 366 }),
    checklist: Type.Array(Text(200), { minItems: 1, maxItems: 50 }),
    startsOn: DateString,
  },
  { additionalProperties: false },
);

export const PlanPatchSchema = Type.Object(
  {
    name: Type.Optional(Text(120)),
    everyDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
    checklist: Type.Optional(Type.Array(Text(200), { minItems: 1, maxItems: 50 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PlanSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  buildingId: Nullable(Type.String()),
  everyDays: Type.Integer(),
  checklist: Type.Array(Type.String()),
  startsOn: Type.String(),
  active: Type.Boolean(),
  lastDoneOn: Nullable(Type.String()),
  inspections: Type.Integer(),
  nextDue: Type.String(),
  overdue: Type.Boolean(),
});

export const InspectionBodySchema = Type.Object(
  {
    planId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    buildingId: BuildingIdSchema,
    checklist: Type.Optional(
      Type.Array(
        Type.Object(
          { point: Text(200), ok: Type.Boolean(), note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    findings: Type.Array(
      Type.Object(
        {
          roomId: Type.Optional(Nullable(RoomIdSchema)),
          itemId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
          description: Text(2000),
          faultType: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
          urgency: Type.Optional(Nullable(UrgencySchema)),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

export const FindingSchema = Type.Object({
  id: Type.Integer(),
  roomId: Nullable(Type.String()),
  itemId: Nullable(Type.Integer()),
  description: Type.String(),
  faultType: Nullable(Type.String()),
  urgency: Nullable(Type.String()),
  ticketId: Nullable(Type.Integer()),
  ticketCreated: Nullable(Type.Boolean()),
});

export const InspectionSchema = Type.Object({
  id: Type.Integer(),
  planId: Nullable(Type.Integer()),
  planName: Nullable(Type.String()),
  buildingId: Type.String(),
  inspector: Type.String(),
  checklist: Type.Array(Type.Object({ point: Type.String(), ok: Type.Boolean(), note: Nullable(Type.String()) })),
  notes: Nullable(Type.String()),
  performedAt: Type.String(),
  findings: Type.Integer(),
});

export const InspectionDetailSchema = Type.Object({ inspection: InspectionSchema, findings: Type.Array(FindingSchema) });

export const InspectionQuerySchema = Type.Object({
  buildingId: Type.Optional(BuildingIdSchema),
  planId: Type.Optional(Type.Integer({ minimum: 1 })),
  ...PageQuery,
});

export const SafetyCheckBodySchema = Type.Object(
  {
    roomId: RoomIdSchema,
    findings: Type.Array(
      Type.Object({ kind: Type.Enum(SAFETY_FINDING_KINDS), description: Text(1000) }, { additionalProperties: false }),
      { maxItems: 30 },
    ),
    deadline: Type.Optional(DateTime),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export const SafetyCheckSchema = Type.Object({
  id: Type.Integer(),
  roomId: Type.String(),
  buildingId: Type.String(),
  roomNumber: Type.String(),
  status: SafetyStatusSchema,
  statusLabel: LabelSchema,
  deadline: Nullable(Type.String()),
  overdue: Type.Boolean(),
  notes: Nullable(Type.String()),
  checkedBy: Type.String(),
  checkedAt: Type.String(),
  reinspections: Type.Integer(),
  closedAt: Nullable(Type.String()),
  findings: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      kindLabel: LabelSchema,
      description: Type.String(),
      ticketId: Nullable(Type.Integer()),
    }),
  ),
});

export const SafetyPhotoSchema = Type.Object({
  id: Type.Integer(),
  phase: PhotoPhaseSchema,
  url: Type.String(),
  contentType: Type.String(),
  bytes: Type.Integer(),
  uploadedBy: Type.String(),
  uploadedAt: Type.String(),
});

export const SafetyDetailSchema = Type.Object({
  check: SafetyCheckSchema,
  photos: Type.Array(SafetyPhotoSchema),
  reinspections: Type.Array(
    Type.Object({
      passed: Type.Boolean(),
      note: Type.String(),
      newDeadline: Nullable(Type.String()),
      inspector: Type.String(),
      at: Type.String(),
    }),
  ),
});

export const SafetyQuerySchema = Type.Object({
  status: Type.Optional(SafetyStatusSchema),
  overdue: Type.Optional(Type.Boolean()),
  buildingId: Type.Optional(BuildingIdSchema),
  roomId: Type.Optional(RoomIdSchema),
  ...PageQuery,
});

export const PhotoQuerySchema = Type.Object({ phase: PhotoPhaseSchema });

export const ReinspectionBodySchema = Type.Object(
  { passed: Type.Boolean(), note: Text(1000), deadline: Type.Optional(DateTime) },
  { additionalProperties: false },
);

// ── Import and vocabulary ────────────────────────────────────────────────────────────────────

export const ImportReportSchema = Type.Object(importReportProperties(Type.Enum(DORM_IMPORT_KINDS)));

export const VocabularySchema = Type.Object({
  residentStatuses: Type.Record(Type.String(), LabelSchema),
  facilityKinds: Type.Record(Type.String(), LabelSchema),
  conditions: Type.Record(Type.String(), LabelSchema),
  checkoutStatuses: Type.Record(Type.String(), LabelSchema),
  leaveStatuses: Type.Record(Type.String(), LabelSchema),
  safetyStatuses: Type.Record(Type.String(), LabelSchema),
  safetyFindingKinds: Type.Record(Type.String(), LabelSchema),
  accessReasons: Type.Record(Type.String(), LabelSchema),
});
