import { describe, expect, it } from 'vitest';
import { addMonths, daysUntil } from './dates.ts';
import { certificationAction, decideOutcome, followUpTopic, type HeldCertification } from './outcome.ts';

const MARKS = { passMark: 60, excellenceMark: 90 };

describe('TRN-5 what a result means', () => {
  it('TRN-5 recognises excellence, passes at the pass mark, and a pass settles open follow-ups', () => {
    expect(decideOutcome(95, MARKS, false)).toEqual({
      passed: true,
      outcome: 'recognition',
      retraining: false,
      settlesOpenFollowUps: true,
    });
    expect(decideOutcome(60, MARKS, true)).toEqual({
      passed: true,
      outcome: 'pass',
      retraining: false,
      settlesOpenFollowUps: true,
    });
  });

  it('TRN-5 sends a first failure to re-training and re-assessment, and a failed re-assessment to referral', () => {
    expect(decideOutcome(59.5, MARKS, false)).toEqual({
      passed: false,
      outcome: 'reassessment',
      retraining: true,
      settlesOpenFollowUps: false,
    });
    expect(decideOutcome(40, MARKS, true)).toEqual({
      passed: false,
      outcome: 'referral',
      retraining: true,
      settlesOpenFollowUps: true,
    });
  });

  it('TRN-5 ties a re-assessment to the certification, else the skill, course or area of the exam', () => {
    expect(followUpTopic({ certification: 'elevator', skill: 'elevator', courseId: 3, area: 'safety' })).toBe(
      'certification:elevator',
    );
    expect(followUpTopic({ certification: null, skill: 'data_entry', courseId: 3, area: 'data_accuracy' })).toBe(
      'skill:data_entry',
    );
    expect(followUpTopic({ certification: null, skill: null, courseId: 3, area: 'system_skills' })).toBe('course:3');
    expect(followUpTopic({ certification: null, skill: null, courseId: null, area: 'process_use' })).toBe('area:process_use');
  });
});

describe('TRN-5 certifications from exam results', () => {
  const cert = (id: number, status: HeldCertification['status'], expiresOn: string, kind = 'elevator'): HeldCertification => ({
    id,
    kind,
    status,
    expiresOn,
  });

  it('TRN-5 grants a new certification when the person holds none of the kind', () => {
    expect(certificationAction(true, 'elevator', [cert(1, 'valid', '2030-01-01', 'gas')], '2026-11-20', 24)).toEqual({
      action: 'grant',
      issuedOn: '2026-11-20',
      expiresOn: '2028-11-20',
    });
  });

  it('TRN-5 renews the latest certificate, lifting a suspension, never shortening it', () => {
    expect(
      certificationAction(
        true,
        'elevator',
        [cert(1, 'valid', '2025-01-01'), cert(2, 'suspended', '2027-03-31')],
        '2026-11-20',
        12,
      ),
    ).toEqual({ action: 'renew', certificationId: 2, expiresOn: '2027-11-20' });
    expect(certificationAction(true, 'elevator', [cert(3, 'valid', '2029-06-30')], '2026-11-20', 12)).toEqual({
      action: 'renew',
      certificationId: 3,
      expiresOn: '2029-06-30',
    });
  });

  it('TRN-5 does not overturn a revocation', () => {
    expect(certificationAction(true, 'elevator', [cert(4, 'revoked', '2028-01-01')], '2026-11-20', 24)).toEqual({
      action: 'blocked_revoked',
      certificationId: 4,
    });
  });

  it('TRN-5 suspends every valid certificate of the kind on a failure, and nothing else', () => {
    const held = [cert(1, 'valid', '2027-01-01'), cert(2, 'revoked', '2027-01-01'), cert(3, 'valid', '2030-01-01', 'gas')];
    expect(certificationAction(false, 'elevator', held, '2026-11-20', 24)).toEqual({ action: 'suspend', certificationIds: [1] });
    expect(certificationAction(false, 'boiler', held, '2026-11-20', 24)).toEqual({ action: 'none' });
  });

  it('date arithmetic clamps to the end of the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(daysUntil('2026-11-24', '2026-12-04')).toBe(10);
  });
});
