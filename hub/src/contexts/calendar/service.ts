import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import {
  checkPeriod,
  checkRemoval,
  type DayInfo,
  DEFAULT_DORM_HOURS,
  type DormHours,
  dayInfo,
  daysBetween,
  isIsoDate,
  localDate,
  type Period,
  type PeriodKind,
  type VisitingHours,
} from './lookup.ts';
import * as repo from './repository.ts';

export type { DayInfo, Period, PeriodKind };

/** The campus is in China; dates in the calendar are its local dates. */
export const DEFAULT_CAMPUS_TIME_ZONE = 'Asia/Shanghai';
/** A range read (canteen forecasts, planning boards) covers at most a little over a year. */
export const MAX_RANGE_DAYS = 400;

export interface CalendarOptions {
  timeZone?: string | undefined;
  /** Dorm hours of days in no term and no vacation. */
  defaults?: DormHours | undefined;
}

export interface PeriodInput {
  kind: PeriodKind;
  name: string;
  nameZh: string;
  startsOn: string;
  endsOn: string;
  curfew?: string | null | undefined;
  visitingHours?: VisitingHours | null | undefined;
  note?: string | null | undefined;
}

export interface PeriodChanges {
  name?: string | undefined;
  nameZh?: string | undefined;
  startsOn?: string | undefined;
  endsOn?: string | undefined;
  curfew?: string | null | undefined;
  visitingHours?: VisitingHours | null | undefined;
  note?: string | null | undefined;
}

export function toPeriod(row: repo.PeriodRow): Period {
  return {
    id: Number(row.id),
    kind: row.kind,
    name: row.name,
    nameZh: row.name_zh,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    curfew: row.curfew,
    visitingHours:
      row.visiting_from !== null && row.visiting_to !== null ? { from: row.visiting_from, to: row.visiting_to } : null,
  };
}

function values(period: Period, note: string | null): repo.PeriodValues {
  return {
    kind: period.kind,
    name: period.name,
    nameZh: period.nameZh,
    startsOn: period.startsOn,
    endsOn: period.endsOn,
    curfew: period.curfew,
    visitingFrom: period.visitingHours?.from ?? null,
    visitingTo: period.visitingHours?.to ?? null,
    note,
  };
}

const audited = (row: repo.PeriodRow) => ({ ...toPeriod(row), note: row.note });

/**
 * The academic calendar (shared by catering forecasts, dorm curfews and access rules,
 * maintenance planning): terms, vacations, exam weeks and public holidays, and what they mean
 * for a given day. Reads go to the database each time, so every hub process sees a change at
 * once; a day touches a handful of rows through the date indexes.
 */
export class CalendarService {
  readonly #db: Db;
  readonly #timeZone: string;
  readonly #defaults: DormHours;

  constructor(db: Db, options: CalendarOptions = {}) {
    this.#db = db;
    this.#timeZone = options.timeZone ?? DEFAULT_CAMPUS_TIME_ZONE;
    this.#defaults = options.defaults ?? DEFAULT_DORM_HOURS;
  }

  get timeZone(): string {
    return this.#timeZone;
  }

  /** The campus's local date now (or of an instant). */
  today(at: Date = new Date()): string {
    return localDate(at, this.#timeZone);
  }

  /**
   * What a day is: its term, vacation, exam week, holiday, and the dorm curfew and visiting
   * hours in force. An instant is read as the campus's local date.
   * @throws AppError invalid (date) for a malformed date.
   */
  async dayInfo(date: string | Date, q: Queryable = this.#db): Promise<DayInfo> {
    const day = typeof date === 'string' ? date : this.today(date);
    if (!isIsoDate(day)) throw invalid('date', 'must be a date YYYY-MM-DD');
    const rows = await repo.periodsBetween(q, day, day);
    return dayInfo(day, rows.map(toPeriod), this.#defaults);
  }

  /**
   * Every day from `from` to `to` inclusive, from one read.
   * @throws AppError invalid (from/to) for malformed dates or a range over MAX_RANGE_DAYS.
   */
  async days(from: string, to: string, q: Queryable = this.#db): Promise<DayInfo[]> {
    if (!isIsoDate(from)) throw invalid('from', 'must be a date YYYY-MM-DD');
    if (!isIsoDate(to)) throw invalid('to', 'must be a date YYYY-MM-DD');
    if (to < from) throw invalid('to', 'must not be before from');
    const dates = daysBetween(from, to);
    if (dates.length > MAX_RANGE_DAYS) throw invalid('to', `a range covers at most ${MAX_RANGE_DAYS} days`);
    const periods = (await repo.periodsBetween(q, from, to)).map(toPeriod);
    return dates.map((date) => dayInfo(date, periods, this.#defaults));
  }

  async get(id: number): Promise<repo.PeriodRow> {
    const row = await repo.findPeriod(this.#db, id);
    if (!row) throw notFound(`calendar period ${id}`);
    return row;
  }

  list(filter: repo.PeriodFilter): Promise<repo.PeriodRow[]> {
    return repo.listPeriods(this.#db, filter);
  }

  /**
   * Adds a period. @throws AppError conflict naming startsOn/endsOn when it overlaps a period it
   * may not overlap (or an exam week falls outside every term); invalid for bad dates and hours.
   */
  async create(actor: Actor, input: PeriodInput, context: AuditContext = {}, tx?: Queryable): Promise<repo.PeriodRow> {
    const candidate: Period = {
      id: 0,
      kind: input.kind,
      name: input.name.trim(),
      nameZh: input.nameZh.trim(),
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      curfew: input.curfew ?? null,
      visitingHours: input.visitingHours ?? null,
    };
    const work = async (q: Queryable) => {
      await this.#check(q, candidate, undefined);
      const row = await repo.insertPeriod(q, values(candidate, input.note ?? null));
      await recordAudit(
        q,
        actor,
        { action: 'calendar_period.created', entityType: 'calendar_period', entityId: Number(row.id), after: audited(row) },
        context,
      );
      return row;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  /** Changes names, dates, dorm hours or the note (the kind stays). Same checks as create. */
  async update(actor: Actor, id: number, changes: PeriodChanges, context: AuditContext = {}): Promise<repo.PeriodRow> {
    return this.#change(actor, id, changes, 'calendar_period.updated', context);
  }

  /** A dorm manager's part of the calendar: the curfew and visiting hours of a period. */
  async setDormHours(
    actor: Actor,
    id: number,
    hours: { curfew?: string | null | undefined; visitingHours?: VisitingHours | null | undefined },
    context: AuditContext = {},
  ): Promise<repo.PeriodRow> {
    return this.#change(actor, id, hours, 'calendar_period.dorm_hours_set', context);
  }

  /** @throws AppError conflict (id) when a term still holds exam weeks. */
  async remove(actor: Actor, id: number, context: AuditContext = {}): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await repo.lockCalendar(tx);
      const row = await repo.findPeriod(tx, id);
      if (!row) throw notFound(`calendar period ${id}`);
      const period = toPeriod(row);
      const problem = checkRemoval(period, (await repo.periodsBetween(tx, period.startsOn, period.endsOn)).map(toPeriod));
      if (problem) throw conflict(problem.field, problem.message);
      await repo.deletePeriod(tx, id);
      await recordAudit(
        tx,
        actor,
        { action: 'calendar_period.deleted', entityType: 'calendar_period', entityId: id, before: audited(row) },
        context,
      );
    });
  }

  async #change(actor: Actor, id: number, changes: PeriodChanges, action: string, context: AuditContext) {
    return this.#db.transaction(async (tx) => {
      await repo.lockCalendar(tx);
      const before = await repo.findPeriod(tx, id);
      if (!before) throw notFound(`calendar period ${id}`);
      const current = toPeriod(before);
      const next: Period = {
        ...current,
        name: changes.name?.trim() ?? current.name,
        nameZh: changes.nameZh?.trim() ?? current.nameZh,
        startsOn: changes.startsOn ?? current.startsOn,
        endsOn: changes.endsOn ?? current.endsOn,
        curfew: changes.curfew === undefined ? current.curfew : changes.curfew,
        visitingHours: changes.visitingHours === undefined ? current.visitingHours : changes.visitingHours,
      };
      await this.#check(tx, next, current);
      const after = await repo.updatePeriod(tx, id, values(next, changes.note === undefined ? before.note : changes.note));
      await recordAudit(
        tx,
        actor,
        { action, entityType: 'calendar_period', entityId: id, before: audited(before), after: audited(after) },
        context,
      );
      return after;
    });
  }

  /** Locks the calendar, then checks the candidate against every period near its old and new dates. */
  async #check(q: Queryable, candidate: Period, current: Period | undefined): Promise<void> {
    if (!isIsoDate(candidate.startsOn)) throw invalid('startsOn', 'must be a date YYYY-MM-DD');
    if (!isIsoDate(candidate.endsOn)) throw invalid('endsOn', 'must be a date YYYY-MM-DD');
    if (candidate.name.length === 0) throw invalid('name', 'must not be empty');
    if (candidate.nameZh.length === 0) throw invalid('nameZh', 'must not be empty');
    await repo.lockCalendar(q);
    // Everything a change could clash with overlaps the old or the new dates.
    const from = current && current.startsOn < candidate.startsOn ? current.startsOn : candidate.startsOn;
    const to = current && current.endsOn > candidate.endsOn ? current.endsOn : candidate.endsOn;
    const nearby = to >= from ? (await repo.periodsBetween(q, from, to)).map(toPeriod) : [];
    const problem = checkPeriod(candidate, nearby);
    if (!problem) return;
    throw problem.kind === 'clash' ? conflict(problem.field, problem.message) : invalid(problem.field, problem.message);
  }
}
