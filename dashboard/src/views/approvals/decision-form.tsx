import { useRef, useState } from 'react';
import type { Translate } from '../../i18n/i18n.ts';
import type { Decision } from './api-types.ts';
import { type DecisionProblem, decisionProblem, MAX_COMMENT } from './inbox-logic.ts';
import type { messages } from './messages.ts';

type T = Translate<typeof messages.en>;

/**
 * Approve, reject or comment the current step. A rejection needs a reason and a comment needs
 * text (the hub refuses both without): checked here first, with the problem announced and the
 * focus put back in the field. `onDecide` resolves true once the hub accepted the decision.
 */
export function DecisionForm({
  mayDecide,
  pending,
  onDecide,
  t,
}: {
  mayDecide: boolean;
  pending: boolean;
  onDecide: (decision: Decision, comment: string) => Promise<boolean>;
  t: T;
}) {
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<DecisionProblem | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const submit = (decision: Decision) => {
    const found = decisionProblem(decision, comment);
    setProblem(found);
    if (found) {
      field.current?.focus();
      return;
    }
    void onDecide(decision, comment).then((ok) => {
      if (ok) setComment('');
    });
  };
  return (
    <form className="form apv-form" onSubmit={(event) => event.preventDefault()} aria-labelledby="apv-form-title">
      <h3 id="apv-form-title">{t('form.title')}</h3>
      {!mayDecide ? <p className="meta">{t('detail.notYours')}</p> : null}
      <label>
        {t('form.comment')}
        <span className="hint" id="apv-hint">
          {t('form.commentHint')}
        </span>
        <textarea
          ref={field}
          value={comment}
          maxLength={MAX_COMMENT}
          aria-describedby={problem ? 'apv-hint apv-problem' : 'apv-hint'}
          aria-invalid={problem !== null}
          onChange={(event) => {
            setComment(event.target.value);
            if (problem) setProblem(null);
          }}
        />
      </label>
      {problem ? (
        <p className="form-error" id="apv-problem" role="alert">
          {t(`form.${problem}`, { n: MAX_COMMENT })}
        </p>
      ) : null}
      <div className="row-actions">
        {mayDecide ? (
          <>
            <button type="button" className="button-strong" disabled={pending} onClick={() => submit('approve')}>
              {t('form.approve')}
            </button>
            <button type="button" className="button-danger" disabled={pending} onClick={() => submit('reject')}>
              {t('form.reject')}
            </button>
          </>
        ) : null}
        <button type="button" disabled={pending} onClick={() => submit('comment')}>
          {t('form.addComment')}
        </button>
      </div>
    </form>
  );
}
