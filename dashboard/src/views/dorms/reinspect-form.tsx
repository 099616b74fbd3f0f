import { type FormEvent, useState } from 'react';
import type { MutationState } from '../../api/use-query.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { localInputToIso } from '../../lib/local-time.ts';
import { ErrorNote } from '../../ui/states.tsx';
import type { messages } from './messages.ts';
import type { ReinspectionInput } from './use-dorm-actions.ts';

type T = Translate<typeof messages.en>;

/**
 * DRM-7: record the re-inspection of a rectification. Passed closes the check (the hub wants an
 * "after" photo for that, attached here or by the residents); not passed sets a new deadline.
 */
export function ReinspectForm({
  checkId,
  room,
  reinspect,
  t,
}: {
  checkId: number;
  room: string;
  reinspect: MutationState<[id: number, input: ReinspectionInput], unknown>;
  t: T;
}) {
  const [passed, setPassed] = useState(true);
  const [note, setNote] = useState('');
  const [deadline, setDeadline] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const ready = note.trim() !== '' && (passed || deadline !== '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    void reinspect.run(checkId, {
      passed,
      note: note.trim(),
      photos,
      ...(passed ? {} : { deadline: localInputToIso(deadline) }),
    });
  };
  return (
    <details>
      <summary>{t('reinspect.open', { room })}</summary>
      <form className="form" onSubmit={submit} aria-label={t('reinspect.title', { room })}>
        <fieldset>
          <legend>{t('reinspect.result')}</legend>
          <label>
            <input type="radio" name={`passed-${checkId}`} checked={passed} onChange={() => setPassed(true)} />
            {t('reinspect.passed')}
          </label>
          <label>
            <input type="radio" name={`passed-${checkId}`} checked={!passed} onChange={() => setPassed(false)} />
            {t('reinspect.failed')}
          </label>
        </fieldset>
        <label>
          {t('reinspect.note')}
          <textarea required value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        {/* Keys keep React from turning the (uncontrolled) file input into the date input. */}
        {passed ? (
          <label key="photos">
            {t('reinspect.photos')}
            <input
              type="file"
              accept="image/jpeg,image/png,image/webp"
              multiple
              onChange={(e) => setPhotos([...(e.target.files ?? [])])}
            />
          </label>
        ) : (
          <label key="deadline">
            {t('reinspect.deadline')}
            <input type="datetime-local" required value={deadline} onChange={(e) => setDeadline(e.target.value)} />
          </label>
        )}
        <ErrorNote error={reinspect.error} />
        <div>
          <button type="submit" className={passed ? 'button-strong' : undefined} disabled={reinspect.pending || !ready}>
            {passed ? t('reinspect.submitPassed') : t('reinspect.submitFailed')}
          </button>
        </div>
      </form>
    </details>
  );
}
