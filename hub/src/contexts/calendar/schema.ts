import Type from 'typebox';
import { Nullable } from '../../http/nullable.ts';
import { PERIOD_KINDS } from './lookup.ts';

export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, campus local date' });
const CLOCK_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
const ClockTime = Type.String({ pattern: CLOCK_PATTERN, description: 'HH:MM, campus local time' });
const Label = Type.Object({ en: Type.String(), zh: Type.String() });

export const PeriodKindSchema = Type.Enum(PERIOD_KINDS);
export const VisitingHoursSchema = Type.Object({ from: ClockTime, to: ClockTime }, { additionalProperties: false });

export const PeriodBodySchema = Type.Object(
  {
    kind: PeriodKindSchema,
    name: Type.String({ minLength: 1, maxLength: 100, description: 'English name, e.g. "Autumn term 2026"' }),
    nameZh: Type.String({ minLength: 1, maxLength: 100, description: 'Chinese name, e.g. "2026年秋季学期"' }),
    startsOn: DateString,
    endsOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last day, inclusive' }),
    curfew: Type.Optional(
      Nullable(
        Type.String({
          pattern: CLOCK_PATTERN,
          description: 'Dorm curfew: required for terms and vacations, an override elsewhere',
        }),
      ),
    ),
    visitingHours: Type.Optional(Nullable(VisitingHoursSchema)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const PeriodPatchSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    nameZh: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    startsOn: Type.Optional(DateString),
    endsOn: Type.Optional(DateString),
    curfew: Type.Optional(Nullable(ClockTime)),
    visitingHours: Type.Optional(Nullable(VisitingHoursSchema)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const DormHoursBodySchema = Type.Object(
  {
    curfew: Type.Optional(Nullable(ClockTime)),
    visitingHours: Type.Optional(Nullable(VisitingHoursSchema)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PeriodSchema = Type.Object({
  id: Type.Integer(),
  kind: PeriodKindSchema,
  kindLabel: Label,
  name: Type.String(),
  nameZh: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  curfew: Nullable(Type.String()),
  visitingHours: Nullable(Type.Object({ from: Type.String(), to: Type.String() })),
  note: Nullable(Type.String()),
  updatedAt: Type.String(),
});

export const DayInfoSchema = Type.Object({
  date: Type.String(),
  termId: Nullable(Type.Integer()),
  term: Nullable(Label),
  vacationId: Nullable(Type.Integer()),
  isVacation: Type.Boolean(),
  isExamWeek: Type.Boolean(),
  isHoliday: Type.Boolean(),
  holiday: Nullable(Label),
  curfew: Type.String(),
  visitingHours: Type.Object({ from: Type.String(), to: Type.String() }),
  dormHoursFrom: Type.Enum([...PERIOD_KINDS, 'default']),
});

export const PeriodQuerySchema = Type.Object({
  kind: Type.Optional(PeriodKindSchema),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const DaysQuerySchema = Type.Object({ from: DateString, to: DateString });
export const DateParams = Type.Object({ date: DateString });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
