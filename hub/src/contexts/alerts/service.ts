import { ALERT_SEVERITIES, type AlertCategory, type AlertSeverity, alertCategoriesOf } from '@campus/protocol';
import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { forbidden, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { DEFAULT_ACK_WITHIN_MINUTES, isEscalationDue, nextSeverity, rotaPositionFor } from './escalation.ts';
import type { AlertRow } from './repository.ts';
import * as repo from './repository.ts';

export type { AlertRow };

export interface RaiseAlertInput {
  ruleId: string;
  category: AlertCategory;
  /** What the alert is about, e.g. `card:C1001`, `gate:gate-01`, `asset:A-CH-01/vibration`. */
  subject: string;
  site: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  evidence: Record<string, unknown>;
  at: Date;
}

export type AlertChange = 'raised' | 'recurred' | 'acknowledged' | 'resolved' | 'escalated';
export interface AlertNotice {
  alertId: number;
  userId: number | null;
  kind: 'raised' | 'escalated';
  level: number;
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2, emergency: 3 };
const ESCALATION_CHECK_MS = 15_000;

/**
 * Alerts and their accountability (IOT-8, IOT-11): one open alert per rule and subject
 * (recurrences count on it), raised → acknowledged (who, when) → resolved (by a person with a
 * note, or by the rule when the condition clears). An unacknowledged critical alert escalates
 * after its site's window — severity up, the next person on the duty rota notified — and the
 * shift handover lists what is still open.
 */
export class AlertService {
  readonly #db: Db;
  readonly #now: () => Date;
  readonly #changeListeners: Array<(alert: AlertRow, change: AlertChange) => void> = [];
  readonly #noticeListeners: Array<(notice: AlertNotice) => void> = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Db, options: { now?: () => Date } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
  }

  onChange(listener: (alert: AlertRow, change: AlertChange) => void): void {
    this.#changeListeners.push(listener);
  }

  onNotice(listener: (notice: AlertNotice) => void): void {
    this.#noticeListeners.push(listener);
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.escalateDue(this.#now()).catch(() => {});
    }, ESCALATION_CHECK_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Raises an alert, or records a recurrence on the open one of the same rule and subject
   * (severity only ever goes up within an episode).
   */
  async raise(input: RaiseAlertInput): Promise<{ alert: AlertRow; created: boolean }> {
    const events: Array<() => void> = [];
    const result = await this.#db.transaction(async (tx) => {
      const open = await repo.lockOpenAlert(tx, input.ruleId, input.subject);
      if (open) {
        const severity = SEVERITY_RANK[input.severity] > SEVERITY_RANK[open.severity] ? input.severity : open.severity;
        const alert = await repo.recordRecurrence(tx, Number(open.id), {
          severity,
          message: input.message,
          evidence: input.evidence,
          at: input.at,
        });
        events.push(() => this.#changed(alert, 'recurred'));
        return { alert, created: false };
      }
      const alert = await repo.insertAlert(tx, input);
      await recordAudit(
        tx,
        { userId: null, name: `rule:${input.ruleId}`, roles: ['admin'], departmentId: null },
        {
          action: 'alert.raised',
          entityType: 'alert',
          entityId: Number(alert.id),
          after: { severity: alert.severity, subject: alert.subject, title: alert.title },
        },
      );
      events.push(() => this.#changed(alert, 'raised'));
      events.push(...(await this.#notify(tx, alert, 'raised', 0)));
      return { alert, created: true };
    });
    for (const emit of events) emit();
    return result;
  }

  async acknowledge(actor: Actor, id: number, context: AuditContext = {}): Promise<AlertRow> {
    const alert = await this.#db.transaction(async (tx) => {
      const current = await this.#lockVisible(tx, actor, id);
      if (current.status !== 'raised') throw illegalTransition(`alert #${id} is ${current.status}`);
      const next = await repo.acknowledge(tx, id, actor.userId, this.#now());
      await recordAudit(
        tx,
        actor,
        {
          action: 'alert.acknowledged',
          entityType: 'alert',
          entityId: id,
          before: { status: current.status },
          after: { status: next.status },
        },
        context,
      );
      return next;
    });
    this.#changed(alert, 'acknowledged');
    return alert;
  }

  async resolve(actor: Actor, id: number, note: string, context: AuditContext = {}): Promise<AlertRow> {
    if (!note.trim()) throw invalid('note', 'say what was done');
    const alert = await this.#db.transaction(async (tx) => {
      const current = await this.#lockVisible(tx, actor, id);
      if (current.status === 'resolved') throw illegalTransition(`alert #${id} is already resolved`);
      const next = await repo.resolve(tx, id, actor.userId, note, this.#now());
      await recordAudit(
        tx,
        actor,
        {
          action: 'alert.resolved',
          entityType: 'alert',
          entityId: id,
          before: { status: current.status },
          after: { status: 'resolved', note },
        },
        context,
      );
      return next;
    });
    this.#changed(alert, 'resolved');
    return alert;
  }

  /** The rule saw its condition clear: the open episode ends without a person. */
  async autoResolve(ruleId: string, subject: string, note: string, at: Date): Promise<AlertRow | undefined> {
    const alert = await this.#db.transaction(async (tx) => {
      const open = await repo.lockOpenAlert(tx, ruleId, subject);
      if (!open) return undefined;
      const next = await repo.resolve(tx, Number(open.id), null, note, at);
      await recordAudit(
        tx,
        { userId: null, name: `rule:${ruleId}`, roles: ['admin'], departmentId: null },
        {
          action: 'alert.auto_resolved',
          entityType: 'alert',
          entityId: Number(open.id),
          before: { status: open.status },
          after: { status: 'resolved', note },
        },
      );
      return next;
    });
    if (alert) this.#changed(alert, 'resolved');
    return alert;
  }

  /** Escalates every unacknowledged alert whose window has passed; returns how many. */
  async escalateDue(now: Date): Promise<number> {
    let escalated = 0;
    for (const candidate of await repo.unacknowledged(this.#db)) {
      const window =
        (await repo.ackPolicy(this.#db, candidate.site, candidate.severity)) ?? DEFAULT_ACK_WITHIN_MINUTES[candidate.severity];
      if (
        !isEscalationDue(
          {
            status: candidate.status,
            severity: candidate.severity,
            raisedAt: candidate.raised_at,
            escalatedAt: candidate.escalated_at,
          },
          window,
          now,
        )
      )
        continue;
      const events: Array<() => void> = [];
      await this.#db.transaction(async (tx) => {
        const current = await repo.lockAlert(tx, Number(candidate.id));
        if (current?.status !== 'raised') return;
        const next = await repo.escalate(tx, Number(current.id), nextSeverity(current.severity), now);
        await recordAudit(
          tx,
          { userId: null, name: 'system:escalation', roles: ['admin'], departmentId: null },
          {
            action: 'alert.escalated',
            entityType: 'alert',
            entityId: Number(current.id),
            before: { severity: current.severity, level: current.escalation_level },
            after: { severity: next.severity, level: next.escalation_level },
          },
        );
        events.push(() => this.#changed(next, 'escalated'));
        events.push(...(await this.#notify(tx, next, 'escalated', next.escalation_level)));
        escalated += 1;
      });
      for (const emit of events) emit();
    }
    return escalated;
  }

  async list(actor: Actor, filter: Omit<repo.AlertFilter, 'categories'>): Promise<AlertRow[]> {
    return repo.listAlerts(this.#db, { ...filter, categories: alertCategoriesOf(actor.roles) });
  }

  async get(
    actor: Actor,
    id: number,
  ): Promise<{ alert: AlertRow; notifications: Awaited<ReturnType<typeof repo.notificationsOf>> }> {
    const alert = await repo.findAlert(this.#db, id);
    if (!alert || !alertCategoriesOf(actor.roles).includes(alert.category)) throw notFound(`alert ${id}`);
    return { alert, notifications: await repo.notificationsOf(this.#db, id) };
  }

  /** The shift handover: what the shift saw, and what is still open for the next one. */
  async handover(actor: Actor, site: string, from: Date, to: Date) {
    if (to <= from) throw invalid('to', 'must be after from');
    return repo.shiftSummary(this.#db, site, alertCategoriesOf(actor.roles), from, to);
  }

  async addRota(
    actor: Actor,
    entry: { site: string; category: AlertCategory; userId: number; position: number; startsAt: string; endsAt: string },
    context: AuditContext = {},
  ): Promise<repo.RotaRow> {
    if (new Date(entry.endsAt) <= new Date(entry.startsAt)) throw invalid('endsAt', 'must be after startsAt');
    return this.#db.transaction(async (tx) => {
      const row = await repo.insertRota(tx, entry);
      await recordAudit(
        tx,
        actor,
        { action: 'duty_rota.added', entityType: 'duty_rota', entityId: Number(row.id), after: entry },
        context,
      );
      return row;
    });
  }

  rotaNow(site: string, category: AlertCategory, at: Date): Promise<repo.RotaRow[]> {
    return repo.rotaAt(this.#db, site, category, at);
  }

  async setPolicy(
    actor: Actor,
    site: string,
    severity: AlertSeverity,
    minutes: number,
    context: AuditContext = {},
  ): Promise<void> {
    if (!ALERT_SEVERITIES.includes(severity)) throw invalid('severity', 'is unknown');
    await this.#db.transaction(async (tx) => {
      const before = await repo.ackPolicy(tx, site, severity);
      await repo.savePolicy(tx, site, severity, minutes);
      await recordAudit(
        tx,
        actor,
        {
          action: 'alert_policy.set',
          entityType: 'alert_policy',
          entityId: `${site}/${severity}`,
          before: { minutes: before },
          after: { minutes },
        },
        context,
      );
    });
  }

  async #lockVisible(tx: Queryable, actor: Actor, id: number): Promise<AlertRow> {
    const alert = await repo.lockAlert(tx, id);
    if (!alert) throw notFound(`alert ${id}`);
    if (!alertCategoriesOf(actor.roles).includes(alert.category))
      throw forbidden(`${alert.category} alerts are not yours to handle`);
    return alert;
  }

  /** Records who on the duty rota hears about an alert; returns the live notices to send after commit. */
  async #notify(tx: Queryable, alert: AlertRow, kind: 'raised' | 'escalated', level: number): Promise<Array<() => void>> {
    const rota = await repo.rotaAt(tx, alert.site, alert.category, this.#now());
    const position = rotaPositionFor(level, rota.length);
    const userId = position === undefined ? null : Number(rota[position]?.user_id);
    await repo.insertNotification(tx, { alertId: Number(alert.id), userId, kind, level });
    const notice: AlertNotice = { alertId: Number(alert.id), userId, kind, level };
    return [
      () => {
        for (const listener of this.#noticeListeners) listener(notice);
      },
    ];
  }

  #changed(alert: AlertRow, change: AlertChange): void {
    for (const listener of this.#changeListeners) listener(alert, change);
  }
}
