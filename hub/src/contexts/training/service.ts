import type { Db } from '@campus/storage';
import type { ApprovalService } from '../approvals/service.ts';
import type { CalendarService } from '../calendar/service.ts';
import type { IdentityService } from '../identity/service.ts';
import { DEFAULT_REASSESSMENT_DAYS } from './outcome.ts';
import { PlanService } from './plan-service.ts';
import { QualificationService } from './qualification-service.ts';
import { ResultService } from './result-service.ts';

/** How long a certification granted or renewed by an exam lasts unless the exam says otherwise. */
export const DEFAULT_CERTIFICATION_VALIDITY_MONTHS = 24;

export interface TrainingOptions {
  identity: IdentityService;
  approvals: ApprovalService;
  /** The campus's local date ("today") comes from the academic calendar's time zone. */
  calendar: CalendarService;
  reassessmentDays?: number | undefined;
  certificationValidityMonths?: number | undefined;
  /** The clock; tests may fix it. */
  now?: (() => Date) | undefined;
}

/** What the training services share. */
export interface TrainingDeps {
  db: Db;
  identity: IdentityService;
  approvals: ApprovalService;
  calendar: CalendarService;
  reassessmentDays: number;
  certificationValidityMonths: number;
  now: () => Date;
  /** The campus's local date now. */
  today: () => string;
}

/**
 * Staff training and assessment (regulation §9, TRN-1..5): requirements, skill assessments and
 * needs analysis; annual plans through approval, sessions with trainers, enrolment and
 * attendance; exams and practical checks whose results feed performance records and the
 * certifications maintenance dispatch requires.
 */
export class TrainingService {
  readonly qualifications: QualificationService;
  readonly plans: PlanService;
  readonly results: ResultService;

  constructor(db: Db, options: TrainingOptions) {
    const now = options.now ?? (() => new Date());
    const deps: TrainingDeps = {
      db,
      identity: options.identity,
      approvals: options.approvals,
      calendar: options.calendar,
      reassessmentDays: options.reassessmentDays ?? DEFAULT_REASSESSMENT_DAYS,
      certificationValidityMonths: options.certificationValidityMonths ?? DEFAULT_CERTIFICATION_VALIDITY_MONTHS,
      now,
      today: () => options.calendar.today(now()),
    };
    this.qualifications = new QualificationService(deps);
    this.plans = new PlanService(deps);
    this.results = new ResultService(deps);
  }
}
