import { useEffect, useRef, useState } from 'react';
import { setSearch, useLocation } from '../../app/router.ts';
import { type Formatters, type Translate, useCommon, useFormat, useT } from '../../i18n/i18n.ts';
import { ErrorNote, Loadable } from '../../ui/states.tsx';
import type { ApprovalDetail, Decision } from './api-types.ts';
import './approvals.css';
import { DecisionForm } from './decision-form.tsx';
import { daysWaiting, humanizeKey, type InboxGroup, isKnownKind, payloadFacts, STALE_DAYS, stepStates } from './inbox-logic.ts';
import { messages } from './messages.ts';
import { useDepartmentNames, useInbox, useRequest } from './use-approvals.ts';

type T = Translate<typeof messages.en>;
type Key = keyof typeof messages.en;

const STATUS_BADGE: Record<string, string> = {
  pending: 'badge-warn',
  approved: 'badge-ok',
  rejected: 'badge-crit',
  cancelled: 'badge-muted',
};
const MONEY_FIELDS = new Set(['amount', 'budget']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DEPARTMENT_FIELDS = new Set(['departmentId', 'fromDepartmentId', 'toDepartmentId']);

function has(key: string): key is Key {
  return key in messages.en;
}

export function kindLabel(kind: string, t: T): string {
  return isKnownKind(kind) ? t(`kind.${kind}`) : kind;
}

function translated(t: T, key: string, fallback: string): string {
  return has(key) ? t(key) : fallback;
}

function factValue(
  key: string,
  value: string | number | boolean,
  t: T,
  fmt: Formatters,
  departments: ReadonlyMap<string, string>,
): string {
  if (typeof value === 'string' && DEPARTMENT_FIELDS.has(key)) return departments.get(value) ?? value;
  if (typeof value === 'boolean') return t(value ? 'value.yes' : 'value.no');
  if (typeof value === 'number') return MONEY_FIELDS.has(key) ? fmt.currency(value) : fmt.number(value, 2);
  if (DATE_TIME.test(value)) return fmt.dateTime(value);
  if (DATE_ONLY.test(value)) return fmt.date(`${value}T00:00:00`);
  return value;
}

function Inbox({
  groups,
  selected,
  now,
  t,
  onOpen,
}: {
  groups: readonly InboxGroup[];
  selected: number | null;
  now: Date;
  t: T;
  onOpen: (id: number) => void;
}) {
  if (groups.length === 0) return <p className="state">{t('inbox.empty')}</p>;
  return (
    <>
      {groups.map((group) => (
        <section key={group.kind} className="apv-group" aria-labelledby={`apv-kind-${group.kind}`}>
          <h3 id={`apv-kind-${group.kind}`}>
            {kindLabel(group.kind, t)} <span className="badge badge-muted">{group.requests.length}</span>
          </h3>
          <ul className="list">
            {group.requests.map((request) => {
              const days = daysWaiting(request, now);
              return (
                <li key={request.id}>
                  <button
                    type="button"
                    className={`card apv-item${request.id === selected ? ' card-selected' : ''}`}
                    aria-current={request.id === selected ? 'true' : undefined}
                    aria-label={t('inbox.open', { id: request.id, title: request.title })}
                    onClick={() => onOpen(request.id)}
                  >
                    <span className="card-head">
                      <strong>{request.title}</strong>
                      {days >= STALE_DAYS ? <span className="badge badge-warn">{t('inbox.stale')}</span> : null}
                    </span>
                    <span className="meta">
                      #{request.id} · {t('inbox.by', { name: request.requesterName })} ·{' '}
                      {days === 0 ? t('inbox.today') : t('inbox.waiting', { n: days })}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}

function RequestDetail({
  detail,
  departments,
  t,
  fmt,
}: {
  detail: ApprovalDetail;
  departments: ReadonlyMap<string, string>;
  t: T;
  fmt: Formatters;
}) {
  const { request, actions } = detail;
  const states = stepStates(request);
  // The requester's department is shown already; the payload often repeats it.
  const facts = payloadFacts(request.payload).filter(
    ([key, value]) => !(key === 'departmentId' && value === request.requesterDepartment),
  );
  return (
    <>
      <div className="panel-head">
        <h2 id="apv-detail-title">
          {t('detail.title', { id: request.id })} · {kindLabel(request.kind, t)}
        </h2>
        <span className={`badge ${STATUS_BADGE[request.status] ?? 'badge-muted'}`}>
          {translated(t, `status.${request.status}`, request.status)}
        </span>
      </div>
      <p className="apv-title">{request.title}</p>
      <dl className="apv-facts">
        <div>
          <dt>{t('detail.requester')}</dt>
          <dd>{request.requesterName}</dd>
        </div>
        {request.requesterDepartment ? (
          <div>
            <dt>{t('detail.department')}</dt>
            <dd>{departments.get(request.requesterDepartment) ?? request.requesterDepartment}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('detail.created')}</dt>
          <dd>
            <time dateTime={request.createdAt}>{fmt.dateTime(request.createdAt)}</time>
          </dd>
        </div>
        {facts.map(([key, value]) => (
          <div key={key}>
            <dt>{translated(t, `field.${key}`, humanizeKey(key))}</dt>
            <dd>{factValue(key, value, t, fmt, departments)}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('detail.steps')}</h3>
      <ol className="apv-steps">
        {request.steps.map((step, index) => {
          const state = states[index] ?? 'waiting';
          const text = fmt.locale === 'zh' && step.labelZh ? step.labelZh : step.label;
          return (
            // A chain is a fixed list: its position is what identifies a step.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={index} className={`apv-step apv-step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span>{text}</span> <span className="meta">({t(`detail.step.${state}`)})</span>
            </li>
          );
        })}
      </ol>
      <h3>{t('detail.history')}</h3>
      {actions.length === 0 ? (
        <p className="state">{t('detail.noHistory')}</p>
      ) : (
        <ol className="apv-history">
          {actions.map((action, index) => (
            // Actions are append-only and come in order; they carry no id of their own.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={index}>
              <div>
                {t('history.entry', {
                  name: action.actorName,
                  decision: translated(t, `decision.${action.decision}`, action.decision),
                  step: action.step + 1,
                })}
              </div>
              <time className="meta" dateTime={action.at}>
                {fmt.dateTime(action.at)}
              </time>
              {action.comment ? <blockquote>{action.comment}</blockquote> : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function idParam(value: string | null): number | null {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** The approvals inbox (IOT-11): what waits on me, grouped by kind; a request's history and my decision. */
export default function ApprovalsView() {
  const t = useT(messages);
  const common = useCommon();
  const fmt = useFormat();
  const { search } = useLocation();
  const selected = idParam(search.get('request'));
  const inbox = useInbox();
  const request = useRequest(selected);
  const departments = useDepartmentNames();
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const now = new Date();

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const open = (id: number) => {
    setDone(null);
    request.decide.reset();
    setSearch({ request: String(id) });
  };

  const decide = async (decision: Decision, comment: string): Promise<boolean> => {
    if (selected === null) return false;
    const result = await request.decide.run(decision, comment);
    if (!result) return false;
    if (decision === 'comment') {
      setDone(t('form.commented'));
      request.reload();
      return true;
    }
    // The request left my inbox: go on with the next one of the same kind, or the first left.
    const flat = (inbox.groups ?? []).flatMap((group) => group.requests);
    const index = flat.findIndex((r) => r.id === selected);
    const next = flat.filter((r) => r.id !== selected)[Math.max(0, index)] ?? null;
    inbox.remove(selected);
    setDone(t(decision === 'approve' ? 'inbox.approved' : 'inbox.rejected', { id: selected }));
    setSearch({ request: next ? String(next.id) : null });
    return true;
  };

  const total = inbox.data?.items.length ?? 0;
  return (
    <section className="page apv">
      <div className="page-head">
        <h1>{t('title')}</h1>
        {inbox.data ? (
          <span className="badge badge-info">{t('inbox.count', { n: `${total}${inbox.hasMore ? '+' : ''}` })}</span>
        ) : null}
      </div>
      {done ? (
        <p className="form-ok" role="status" tabIndex={-1} ref={doneRef}>
          {done}
        </p>
      ) : null}
      <div className="grid apv-grid">
        <section className="panel" aria-labelledby="apv-inbox">
          <h2 id="apv-inbox">{t('inbox.title')}</h2>
          <p className="meta">{t('inbox.caption')}</p>
          <Loadable data={inbox.groups} error={inbox.error} loading={inbox.loading} reload={inbox.reload}>
            {(groups) => <Inbox groups={groups} selected={selected} now={now} t={t} onOpen={open} />}
          </Loadable>
          <ErrorNote error={inbox.moreError} />
          {inbox.hasMore ? (
            <button type="button" disabled={inbox.loadingMore} onClick={inbox.loadMore}>
              {inbox.loadingMore ? common('state.loading') : t('inbox.more')}
            </button>
          ) : null}
        </section>
        <section className="panel apv-detail" aria-labelledby={selected ? 'apv-detail-title' : 'apv-detail-empty'}>
          {selected === null ? (
            <p className="state" id="apv-detail-empty">
              {t('detail.select')}
            </p>
          ) : (
            <Loadable data={request.data} error={request.error} loading={request.loading} reload={request.reload}>
              {(detail) => (
                <>
                  <RequestDetail detail={detail} departments={departments} t={t} fmt={fmt} />
                  {detail.request.status === 'pending' ? (
                    <>
                      <ErrorNote error={request.decide.error} />
                      <DecisionForm
                        key={detail.request.id}
                        mayDecide={detail.mayDecide}
                        pending={request.decide.pending}
                        onDecide={decide}
                        t={t}
                      />
                    </>
                  ) : null}
                </>
              )}
            </Loadable>
          )}
        </section>
      </div>
    </section>
  );
}
