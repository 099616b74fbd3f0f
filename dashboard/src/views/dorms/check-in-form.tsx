import { type FormEvent, useState } from 'react';
import type { MutationState } from '../../api/use-query.ts';
import { type Translate, useLabel } from '../../i18n/i18n.ts';
import { ErrorNote, Loadable } from '../../ui/states.tsx';
import type { Condition, Resident } from './api-types.ts';
import type { messages } from './messages.ts';
import { type CheckInInput, useRoomFacilities } from './use-check-in.ts';

type T = Translate<typeof messages.en>;
type CheckInAction = MutationState<[input: CheckInInput], unknown>;
const CONDITIONS: readonly Condition[] = ['ok', 'damaged', 'missing'];

/**
 * DRM-2: the resident shows their ID document (the last four characters are checked against the
 * one on file), the room's condition is recorded item by item, and a campus card may be issued.
 * The facility register loads only when the form is opened.
 */
export function CheckInForm({ resident, checkIn, t }: { resident: Resident; checkIn: CheckInAction; t: T }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('checkinForm.open', { name: resident.name })}</summary>
      {open ? <CheckInFields resident={resident} checkIn={checkIn} t={t} /> : null}
    </details>
  );
}

function CheckInFields({ resident, checkIn, t }: { resident: Resident; checkIn: CheckInAction; t: T }) {
  const label = useLabel();
  const facilities = useRoomFacilities(resident.place?.roomId ?? null);
  const [idLast4, setIdLast4] = useState('');
  const [cardId, setCardId] = useState('');
  const [conditions, setConditions] = useState<Record<number, { condition: Condition; note: string }>>({});
  const idValid = /^[0-9Xx]{4}$/.test(idLast4);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!idValid) return;
    void checkIn.run({
      personNo: resident.personNo,
      idLast4,
      items: Object.entries(conditions).map(([itemId, c]) => ({
        itemId: Number(itemId),
        condition: c.condition,
        ...(c.note.trim() ? { note: c.note.trim() } : {}),
      })),
      ...(cardId.trim() ? { cardId: cardId.trim() } : {}),
    });
  };
  const set = (itemId: number, change: Partial<{ condition: Condition; note: string }>) =>
    setConditions((all) => ({ ...all, [itemId]: { condition: 'ok', note: '', ...all[itemId], ...change } }));
  return (
    <form className="form" onSubmit={submit} aria-label={t('checkinForm.title', { name: resident.name })}>
      <label>
        {t('checkinForm.idLast4')}
        <input
          required
          inputMode="text"
          autoComplete="off"
          maxLength={4}
          value={idLast4}
          aria-invalid={(idLast4 !== '' && !idValid) || undefined}
          onChange={(e) => setIdLast4(e.target.value.trim())}
        />
      </label>
      <fieldset>
        <legend>{t('checkinForm.condition')}</legend>
        <Loadable {...facilities} empty={(items) => items.length === 0}>
          {(items) => (
            <ul className="list">
              {items.map((item) => {
                const current = conditions[item.id] ?? { condition: 'ok', note: '' };
                return (
                  <li key={item.id}>
                    <label>
                      {label(item.kindLabel)} · {item.label}
                      <select
                        value={current.condition}
                        onChange={(e) => set(item.id, { condition: e.target.value as Condition })}
                      >
                        {CONDITIONS.map((c) => (
                          <option key={c} value={c}>
                            {t(`checkinForm.condition.${c}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                    {current.condition !== 'ok' ? (
                      <label>
                        {t('checkinForm.note', { item: item.label })}
                        <input value={current.note} onChange={(e) => set(item.id, { note: e.target.value })} />
                      </label>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </Loadable>
      </fieldset>
      <label>
        {t('checkinForm.card')}
        <input autoComplete="off" value={cardId} onChange={(e) => setCardId(e.target.value)} />
      </label>
      <ErrorNote error={checkIn.error} />
      <div>
        <button type="submit" className="button-strong" disabled={checkIn.pending || !idValid}>
          {t('checkinForm.submit')}
        </button>
      </div>
    </form>
  );
}
