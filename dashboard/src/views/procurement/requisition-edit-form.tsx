import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { MutationState } from '../../api/use-query.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { ErrorNote } from '../../ui/states.tsx';
import type { Requisition } from './api-types.ts';
import type { messages } from './messages.ts';
import {
  type EditField,
  type EditValues,
  editValuesOf,
  erroredField,
  fieldMessage,
  type RequisitionEdit,
  requisitionEdit,
} from './requisition-edit.ts';

type T = Translate<typeof messages.en>;

export interface RequisitionEditFormProps {
  requisition: Requisition;
  revise: MutationState<[id: number, edit: RequisitionEdit], Requisition>;
  onClose: () => void;
  t: T;
}

/**
 * PRC-2: a returned requisition revised, then resubmitted. The hub checks every field; when it
 * refuses one (`field` in its answer), the message stands next to that field and the focus goes there.
 */
export function RequisitionEditForm({ requisition, revise, onClose, t }: RequisitionEditFormProps) {
  const [values, setValues] = useState<EditValues>(() => editValuesOf(requisition));
  const form = useRef<HTMLFormElement>(null);
  const invalid = erroredField(revise.error);

  // Into the form when it opens, then to whichever field the hub refused.
  useEffect(() => {
    form.current?.querySelector('input')?.focus();
  }, []);
  useEffect(() => {
    if (invalid) form.current?.querySelector<HTMLElement>(`[name="${invalid}"]`)?.focus();
  }, [invalid]);

  const set = (field: EditField) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [field]: event.target.value }));
    if (invalid === field) revise.reset();
  };
  const close = () => {
    revise.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void revise.run(requisition.id, requisitionEdit(requisition, values)).then((done) => {
      if (done) close();
    });
  };

  /** A labelled input with the hub's complaint about it, if any (outside the label, so the name stays short). */
  const field = (name: EditField, input: (props: FieldProps) => ReactNode) => {
    const inputId = `pv-edit-${requisition.id}-${name}`;
    const errorId = `${inputId}-error`;
    const complaint = invalid === name && revise.error ? fieldMessage(revise.error) : null;
    return (
      <div className="pv-field">
        <label htmlFor={inputId}>
          {t(`reqEdit.${name}`)}
          {input({
            id: inputId,
            name,
            value: values[name],
            onChange: set(name),
            'aria-invalid': complaint !== null || undefined,
            'aria-describedby': complaint !== null ? errorId : undefined,
          })}
        </label>
        {complaint !== null ? (
          <p className="form-error" id={errorId} role="alert">
            {t('reqEdit.fieldError', { message: complaint })}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <form ref={form} className="form" aria-label={t('reqEdit.title', { id: requisition.id })} onSubmit={submit}>
      <h3>{t('reqEdit.title', { id: requisition.id })}</h3>
      {requisition.returnReason ? <p className="meta">{t('req.returned', { reason: requisition.returnReason })}</p> : null}
      <p className="meta">{t('reqEdit.hint')}</p>
      {field('itemName', (p) => (
        <input {...p} required maxLength={200} />
      ))}
      {field('specification', (p) => (
        <textarea {...p} maxLength={2000} />
      ))}
      <div className="form-row">
        {field('quantity', (p) => (
          <input {...p} type="number" inputMode="decimal" required min={0} step="any" />
        ))}
        {field('unit', (p) => (
          <input {...p} required maxLength={32} />
        ))}
        {field('budget', (p) => (
          <input {...p} type="number" inputMode="decimal" min={0} step="any" />
        ))}
        {field('neededBy', (p) => (
          <input {...p} type="date" />
        ))}
      </div>
      {field('reason', (p) => (
        <textarea {...p} required maxLength={2000} />
      ))}
      {invalid ? null : <ErrorNote error={revise.error} />}
      <div className="row-actions">
        <button type="submit" className="button-strong" disabled={revise.pending}>
          {revise.pending ? t('reqEdit.saving') : t('reqEdit.save')}
        </button>
        <button type="button" onClick={close}>
          {t('reqEdit.close')}
        </button>
      </div>
    </form>
  );
}

interface FieldProps {
  id: string;
  name: EditField;
  value: string;
  onChange: (event: { target: { value: string } }) => void;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}
