import { type FormEvent, useEffect, useState } from 'react';
import { useLocation } from '../../app/router.ts';
import { useMe } from '../../auth/use-me.ts';
import { useFormat, useLabel, useLocale, useT } from '../../i18n/i18n.ts';
import { ErrorNote, Loadable } from '../../ui/states.tsx';
import type { Ticket } from '../maintenance/types.ts';
import { useVocabulary } from '../maintenance/use-maintenance.ts';
import { messages } from './messages.ts';
import { useAcceptance, useAssetCard, useMyRequests, useSubmitRepair } from './use-repair.ts';

function Stars({ value, onChange, name }: { value: number; onChange: (n: number) => void; name: string }) {
  const t = useT(messages);
  return (
    <fieldset className="stars">
      <legend>{t('accept.rating')}</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n} title={t('accept.star', { n })}>
          <input
            type="radio"
            name={name}
            value={n}
            checked={value === n}
            onChange={() => onChange(n)}
            aria-label={t('accept.star', { n })}
          />
          <span data-on={n <= value} aria-hidden="true">
            ★
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function Acceptance({ ticket, actions }: { ticket: Ticket; actions: ReturnType<typeof useAcceptance> }) {
  const t = useT(messages);
  const [rating, setRating] = useState(5);
  const [feedback, setFeedback] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <div className="form">
      <h3>{t('accept.title')}</h3>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void actions.accept.run(ticket.id, rating, feedback.trim());
        }}
      >
        <Stars value={rating} onChange={setRating} name={`rating-${ticket.id}`} />
        <label>
          {t('accept.feedback')}
          <textarea value={feedback} onChange={(e) => setFeedback(e.target.value)} />
        </label>
        <ErrorNote error={actions.accept.error} />
        <button type="submit" className="button-strong" disabled={actions.accept.pending}>
          {t('accept.submit')}
        </button>
      </form>
      {rejecting ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void actions.reject.run(ticket.id, reason.trim());
          }}
        >
          <label>
            {t('reject.reason')}
            <textarea required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <ErrorNote error={actions.reject.error} />
          <button type="submit" className="button-danger" disabled={actions.reject.pending || !reason.trim()}>
            {t('reject.submit')}
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => setRejecting(true)}>
          {t('reject.open')}
        </button>
      )}
    </div>
  );
}

export default function RepairView() {
  const t = useT(messages);
  const format = useFormat();
  const label = useLabel();
  const locale = useLocale();
  const me = useMe();
  const { search } = useLocation();
  const assetId = search.get('asset');
  const asset = useAssetCard(assetId);
  const vocabulary = useVocabulary();
  const mine = useMyRequests(me.id);
  const submit = useSubmitRepair(mine.reload);
  const acceptance = useAcceptance(mine.reload);

  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [place, setPlace] = useState('');
  const [phone, setPhone] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [sent, setSent] = useState<{ id: number; photoError: string | null } | null>(null);
  // A file input cannot be cleared through its value: a new key gives a fresh, empty one after sending.
  const [formKey, setFormKey] = useState(0);

  // Prefill the place from the asset's card (the QR label's asset), once it is known.
  useEffect(() => {
    if (asset.data?.location) setPlace((current) => current || (asset.data?.location ?? ''));
  }, [asset.data]);

  const limits = vocabulary.data?.photos;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit
      .run({
        title: title.trim(),
        description: description.trim(),
        placeText: place.trim(),
        assetId,
        contactPhone: phone.trim(),
        photos,
      })
      .then((result) => {
        if (!result) return;
        setSent({ id: result.ticket.id, photoError: result.photoError?.message ?? null });
        setTitle('');
        setDescription('');
        setPhotos([]);
        setFormKey((k) => k + 1);
      });
  };
  const card = asset.data;
  const categoryName = card ? (locale === 'zh' && card.categoryNameZh ? card.categoryNameZh : card.categoryName) : '';
  return (
    <section className="page repair" aria-labelledby="repair-title">
      <h1 id="repair-title">{t('title')}</h1>
      <form className="form panel" onSubmit={onSubmit}>
        <p>{t('intro')}</p>
        {assetId ? (
          <p className="card">
            <strong>{t('asset')}: </strong>
            {card
              ? t('assetLine', {
                  name: `${card.name} (${categoryName})`,
                  number: card.id,
                  place: card.location ?? card.departmentName,
                })
              : asset.error
                ? t('assetUnknown', { id: assetId })
                : '…'}
          </p>
        ) : null}
        <label>
          {t('fault')}
          <span className="hint">{t('faultHint')}</span>
          <input name="title" required maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          {t('details')}
          <textarea
            name="description"
            required
            maxLength={4000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <label>
          {t('place')}
          <span className="hint">{t('placeHint')}</span>
          <input name="place" required maxLength={200} value={place} onChange={(e) => setPlace(e.target.value)} />
        </label>
        <label>
          {t('phone')}
          <input
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            pattern="[+0-9][0-9 ()\-]{2,30}"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
        </label>
        <label>
          {t('photos')}
          {limits ? (
            <span className="hint">
              {t('photosHint', { n: limits.perTicket, mb: format.number(limits.maxBytes / 1_048_576, 1) })}
            </span>
          ) : null}
          <input
            key={formKey}
            name="photos"
            type="file"
            accept={limits?.types.join(',') ?? 'image/jpeg,image/png,image/webp'}
            multiple
            onChange={(e) => setPhotos(Array.from(e.target.files ?? []).slice(0, limits?.perTicket ?? 5))}
          />
        </label>
        <ErrorNote error={submit.error} />
        {sent ? (
          <p className="form-ok" role="status">
            {t('sent', { id: sent.id })}
            {sent.photoError ? <span className="form-error"> {t('photosFailed', { message: sent.photoError })}</span> : null}
          </p>
        ) : null}
        <button type="submit" className="button-strong" disabled={submit.pending}>
          {submit.pending ? t('sending') : t('submit')}
        </button>
      </form>

      <section className="panel" aria-labelledby="mine-title">
        <h2 id="mine-title">{t('mine.title')}</h2>
        <Loadable {...mine}>
          {(page) =>
            page.items.length === 0 ? (
              <p className="state">{t('mine.empty')}</p>
            ) : (
              <ul className="list">
                {page.items.map((ticket) => (
                  <li key={ticket.id} className="card" data-ticket-id={ticket.id}>
                    <div className="card-head">
                      <strong>
                        #{ticket.id} {ticket.title}
                      </strong>
                      <span className="badge badge-info">{label(ticket.statusLabel)}</span>
                    </div>
                    <p className="meta">
                      {ticket.place.text} · {format.dateTime(ticket.createdAt)}
                    </p>
                    {ticket.technician ? <p className="meta">{t('mine.technician', { name: ticket.technician.name })}</p> : null}
                    {ticket.scheduledAt ? (
                      <p className="meta">{t('mine.visit', { time: format.dateTime(ticket.scheduledAt) })}</p>
                    ) : null}
                    {ticket.rating ? <p className="meta">{t('mine.rated', { stars: '★'.repeat(ticket.rating) })}</p> : null}
                    {ticket.status === 'awaiting_acceptance' ? <Acceptance ticket={ticket} actions={acceptance} /> : null}
                  </li>
                ))}
              </ul>
            )
          }
        </Loadable>
      </section>
    </section>
  );
}
