import { ROLES } from '@campus/protocol';
import Type from 'typebox';
import { Nullable } from '../../http/nullable.ts';
import {
  AREAS,
  ATTENDANCE,
  CERTIFICATION_EFFECTS,
  CODE_PATTERN,
  ENROLMENT_REASONS,
  EXAM_KINDS,
  FORMATS,
  NEED_REASONS,
  OUTCOMES,
  PLAN_STATUSES,
  REQUIREMENT_KINDS,
  REQUIREMENT_SCOPES,
  SESSION_STATUSES,
} from './vocabulary.ts';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Code = (description: string) => Type.String({ pattern: CODE_PATTERN, description });
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const DateTime = Type.String({ format: 'date-time' });
const Label = Type.Object({ en: Type.String(), zh: Type.String() });
const Score = Type.Number({ minimum: 0, maximum: 1000 });

export const FormatSchema = Type.Enum(FORMATS);
export const AreaSchema = Type.Enum(AREAS);
export const ExamKindSchema = Type.Enum(EXAM_KINDS);
export const PlanStatusSchema = Type.Enum(PLAN_STATUSES);
export const SessionStatusSchema = Type.Enum(SESSION_STATUSES);
export const AttendanceSchema = Type.Enum(ATTENDANCE);
export const OutcomeSchema = Type.Enum(OUTCOMES);
export const CertificationEffectSchema = Type.Enum(CERTIFICATION_EFFECTS);
const RoleSchema = Type.Enum(ROLES);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const EnrolmentParams = Type.Object({ id: Type.Integer({ minimum: 1 }), userId: Type.Integer({ minimum: 1 }) });
const Page = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

// ------------------------------------------------------------------ requirements, assessments, needs (TRN-1)

export const RequirementBodySchema = Type.Object(
  {
    scope: Type.Enum(REQUIREMENT_SCOPES, { description: 'role: everyone holding the role; job: everyone doing the job' }),
    target: Code('A role (technician) or a job (elevator, high_voltage, gas, boiler)'),
    kind: Type.Enum(REQUIREMENT_KINDS),
    name: Code('The skill, or the certification kind'),
    minLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'For a skill: the minimum level' })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const RequirementSchema = Type.Object({
  id: Type.Integer(),
  scope: Type.Enum(REQUIREMENT_SCOPES),
  target: Type.String(),
  kind: Type.Enum(REQUIREMENT_KINDS),
  name: Type.String(),
  minLevel: Nullable(Type.Integer()),
  note: Nullable(Type.String()),
});

export const AssessmentBodySchema = Type.Object(
  {
    userId: Type.Integer({ minimum: 1 }),
    assessedOn: DateString,
    scores: Type.Array(
      Type.Object(
        {
          skill: Code('e.g. system_operation, data_entry, elevator'),
          level: Type.Integer({ minimum: 1, maximum: 5 }),
          comment: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export const AssessmentSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  userName: Type.String(),
  departmentId: Nullable(Type.String()),
  assessorId: Nullable(Type.Integer()),
  assessorName: Type.String(),
  assessedOn: Type.String(),
  note: Nullable(Type.String()),
  scores: Type.Array(
    Type.Object({
      skill: Type.String(),
      level: Type.Integer(),
      previousLevel: Nullable(Type.Integer()),
      comment: Nullable(Type.String()),
    }),
  ),
  createdAt: Type.String(),
});

export const AssessmentQuerySchema = Type.Object({
  userId: Type.Optional(Type.Integer({ minimum: 1 })),
  departmentId: Type.Optional(Type.String({ maxLength: 64 })),
  ...Page,
});

export const NeedsQuerySchema = Type.Object({
  departmentId: Type.Optional(Type.String({ maxLength: 64 })),
  role: Type.Optional(RoleSchema),
  horizonDays: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 730, description: 'Expiring within this many days counts (60)' }),
  ),
  asOf: Type.Optional(DateString),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200, description: 'Most urgent needs returned' }),
});

const NeedReasonSchema = Type.Enum(NEED_REASONS);
export const NeedsSchema = Type.Object({
  asOf: Type.String(),
  horizonDays: Type.Integer(),
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      name: Type.String(),
      departmentId: Nullable(Type.String()),
      kind: Type.Enum(REQUIREMENT_KINDS),
      topic: Type.String(),
      reason: NeedReasonSchema,
      reasonLabel: Label,
      requiredLevel: Nullable(Type.Integer()),
      currentLevel: Nullable(Type.Integer()),
      gap: Nullable(Type.Integer()),
      certificationId: Nullable(Type.Integer()),
      expiresOn: Nullable(Type.String()),
      daysLeft: Nullable(Type.Integer()),
      priority: Type.Integer(),
      because: Type.Array(Type.String()),
      requirementIds: Type.Array(Type.Integer()),
    }),
  ),
  topics: Type.Array(
    Type.Object({
      kind: Type.Enum(REQUIREMENT_KINDS),
      topic: Type.String(),
      people: Type.Integer(),
      score: Type.Integer(),
      reasons: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
});

// ------------------------------------------------------------------ plans (TRN-2)

export const CourseBodySchema = Type.Object(
  {
    title: Text(200),
    titleZh: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    area: AreaSchema,
    format: FormatSchema,
    audience: Type.Optional(
      Type.Array(RoleSchema, { maxItems: ROLES.length, uniqueItems: true, description: 'Roles it is for' }),
    ),
    skills: Type.Optional(Type.Array(Code('A skill it builds'), { maxItems: 20, uniqueItems: true })),
    certification: Type.Optional(Nullable(Code('The certification it prepares for'))),
    months: Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), {
      minItems: 1,
      maxItems: 12,
      description: 'Schedule: months of delivery',
    }),
    hours: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
  },
  { additionalProperties: false },
);

export const PlanBodySchema = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    title: Text(200),
    titleZh: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    goals: Type.Array(Text(500), { maxItems: 20 }),
    courses: Type.Array(CourseBodySchema, { maxItems: 100 }),
  },
  { additionalProperties: false },
);

export const CourseSchema = Type.Object({
  id: Type.Integer(),
  position: Type.Integer(),
  title: Type.String(),
  titleZh: Nullable(Type.String()),
  area: AreaSchema,
  areaLabel: Label,
  format: FormatSchema,
  formatLabel: Label,
  audience: Type.Array(Type.String()),
  skills: Type.Array(Type.String()),
  certification: Nullable(Type.String()),
  months: Type.Array(Type.Integer()),
  hours: Type.Number(),
});

export const PlanSchema = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  title: Type.String(),
  titleZh: Nullable(Type.String()),
  goals: Type.Array(Type.String()),
  status: PlanStatusSchema,
  statusLabel: Label,
  approvalId: Nullable(Type.Integer()),
  returnReason: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  createdAt: Type.String(),
  approvedAt: Nullable(Type.String()),
  startedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
});

export const PlanDetailSchema = Type.Object({
  plan: PlanSchema,
  courses: Type.Array(CourseSchema),
  sessions: Type.Object({ scheduled: Type.Integer(), held: Type.Integer(), cancelled: Type.Integer() }),
});

export const PlanQuerySchema = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  status: Type.Optional(PlanStatusSchema),
  ...Page,
});

export const CloseBodySchema = Type.Object({ summary: Text(4000) }, { additionalProperties: false });

// ------------------------------------------------------------------ sessions (TRN-3)

export const SessionBodySchema = Type.Object(
  {
    planId: Type.Integer({ minimum: 1 }),
    courseId: Type.Integer({ minimum: 1 }),
    startsAt: DateTime,
    endsAt: DateTime,
    format: Type.Optional(FormatSchema),
    trainerId: Type.Optional(Type.Integer({ minimum: 1, description: 'A user holding the trainer role' })),
    externalTrainer: Type.Optional(Text(200)),
    location: Type.Optional(Text(200)),
    onlineLink: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 500 })),
    capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
  },
  { additionalProperties: false },
);

export const SessionSchema = Type.Object({
  id: Type.Integer(),
  planId: Type.Integer(),
  courseId: Type.Integer(),
  courseTitle: Type.String(),
  courseTitleZh: Nullable(Type.String()),
  format: FormatSchema,
  formatLabel: Label,
  trainer: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  externalTrainer: Nullable(Type.String()),
  startsAt: Type.String(),
  endsAt: Type.String(),
  location: Nullable(Type.String()),
  onlineLink: Nullable(Type.String()),
  capacity: Type.Integer(),
  enrolled: Type.Integer(),
  status: SessionStatusSchema,
  statusLabel: Label,
  cancelReason: Nullable(Type.String()),
});

export const EnrolmentSchema = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  departmentId: Nullable(Type.String()),
  reason: Type.Enum(ENROLMENT_REASONS),
  attendance: Nullable(AttendanceSchema),
  attendanceLabel: Nullable(Label),
  note: Nullable(Type.String()),
  enrolledAt: Type.String(),
  recordedAt: Nullable(Type.String()),
});

export const SessionDetailSchema = Type.Object({ session: SessionSchema, enrolments: Type.Array(EnrolmentSchema) });

export const SessionQuerySchema = Type.Object({
  planId: Type.Optional(Type.Integer({ minimum: 1 })),
  courseId: Type.Optional(Type.Integer({ minimum: 1 })),
  trainerId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(SessionStatusSchema),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  ...Page,
});

export const EnrolBodySchema = Type.Object(
  { userIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);

export const AttendanceBodySchema = Type.Object(
  {
    records: Type.Array(
      Type.Object(
        {
          userId: Type.Integer({ minimum: 1 }),
          attendance: AttendanceSchema,
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

export const CancelBodySchema = Type.Object({ reason: Text(2000) }, { additionalProperties: false });

// ------------------------------------------------------------------ exams and results (TRN-4, TRN-5)

export const ExamBodySchema = Type.Object(
  {
    planId: Type.Optional(Type.Integer({ minimum: 1 })),
    courseId: Type.Optional(Type.Integer({ minimum: 1 })),
    title: Text(200),
    titleZh: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    kind: ExamKindSchema,
    area: AreaSchema,
    skill: Type.Optional(Code('The skill it checks')),
    certification: Type.Optional(Code('Passing grants or renews, failing suspends, this certification kind')),
    validityMonths: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 120, description: 'Validity of a granted or renewed certification' }),
    ),
    maxScore: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    passMark: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    excellenceMark: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'Recognition from this score (90% of max)' }),
    ),
    heldOn: DateString,
  },
  { additionalProperties: false },
);

export const ExamSchema = Type.Object({
  id: Type.Integer(),
  planId: Nullable(Type.Integer()),
  courseId: Nullable(Type.Integer()),
  title: Type.String(),
  titleZh: Nullable(Type.String()),
  kind: ExamKindSchema,
  kindLabel: Label,
  area: AreaSchema,
  areaLabel: Label,
  skill: Nullable(Type.String()),
  certification: Nullable(Type.String()),
  validityMonths: Nullable(Type.Integer()),
  maxScore: Type.Number(),
  passMark: Type.Number(),
  excellenceMark: Type.Number(),
  heldOn: Type.String(),
  results: Type.Integer(),
});

export const ExamQuerySchema = Type.Object({
  planId: Type.Optional(Type.Integer({ minimum: 1 })),
  certification: Type.Optional(Type.String({ pattern: CODE_PATTERN })),
  ...Page,
});

export const ResultsBodySchema = Type.Object(
  {
    results: Type.Array(
      Type.Object(
        { userId: Type.Integer({ minimum: 1 }), score: Score, note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

/** A result with what it meant: one line of a person's performance record. */
export const PerformanceSchema = Type.Object({
  id: Type.Integer(),
  resultId: Type.Integer(),
  user: Type.Object({ id: Type.Integer(), name: Type.String(), departmentId: Nullable(Type.String()) }),
  exam: Type.Object({ id: Type.Integer(), title: Type.String(), kind: ExamKindSchema, area: AreaSchema, heldOn: Type.String() }),
  score: Type.Number(),
  maxScore: Type.Number(),
  passed: Type.Boolean(),
  note: Nullable(Type.String()),
  topic: Type.String(),
  outcome: OutcomeSchema,
  outcomeLabel: Label,
  recognition: Type.Boolean(),
  retraining: Type.Boolean(),
  reassessmentDueOn: Nullable(Type.String()),
  retrainingSessionId: Nullable(Type.Integer()),
  referral: Type.Boolean(),
  certificationEffect: Nullable(CertificationEffectSchema),
  certificationEffectLabel: Nullable(Label),
  certificationId: Nullable(Type.Integer()),
  open: Type.Boolean(),
  settledAt: Nullable(Type.String()),
  settledBy: Nullable(Type.Integer()),
  createdAt: Type.String(),
});

export const ExamDetailSchema = Type.Object({ exam: ExamSchema, results: Type.Array(PerformanceSchema) });

export const PerformanceQuerySchema = Type.Object({
  userId: Type.Optional(Type.Integer({ minimum: 1 })),
  departmentId: Type.Optional(Type.String({ maxLength: 64 })),
  outcome: Type.Optional(OutcomeSchema),
  open: Type.Optional(Type.Boolean({ description: 'Only open re-assessments and referrals' })),
  ...Page,
});

export const RecordSchema = Type.Object({
  user: Type.Object({ id: Type.Integer(), name: Type.String(), departmentId: Nullable(Type.String()), active: Type.Boolean() }),
  skills: Type.Array(Type.Object({ skill: Type.String(), level: Type.Integer() })),
  certifications: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      number: Type.String(),
      status: Type.Enum(['valid', 'suspended', 'revoked']),
      issuedOn: Type.String(),
      expiresOn: Type.String(),
    }),
  ),
  assessments: Type.Array(AssessmentSchema),
  sessions: Type.Array(
    Type.Object({
      session: SessionSchema,
      reason: Type.Enum(ENROLMENT_REASONS),
      attendance: Nullable(AttendanceSchema),
      attendanceLabel: Nullable(Label),
    }),
  ),
  results: Type.Array(PerformanceSchema),
  summary: Type.Object({
    results: Type.Integer(),
    passed: Type.Integer(),
    recognitions: Type.Integer(),
    openFollowUps: Type.Integer(),
    sessionsAttended: Type.Integer(),
  }),
});

export const VocabularySchema = Type.Object({
  formats: Type.Array(Type.Object({ key: FormatSchema, label: Label })),
  areas: Type.Array(Type.Object({ key: AreaSchema, label: Label })),
  examKinds: Type.Array(Type.Object({ key: ExamKindSchema, label: Label })),
  planStatuses: Type.Array(Type.Object({ key: PlanStatusSchema, label: Label })),
  sessionStatuses: Type.Array(Type.Object({ key: SessionStatusSchema, label: Label })),
  attendance: Type.Array(Type.Object({ key: AttendanceSchema, label: Label })),
  outcomes: Type.Array(Type.Object({ key: OutcomeSchema, label: Label })),
  certificationEffects: Type.Array(Type.Object({ key: CertificationEffectSchema, label: Label })),
  needReasons: Type.Array(Type.Object({ key: NeedReasonSchema, label: Label })),
});
