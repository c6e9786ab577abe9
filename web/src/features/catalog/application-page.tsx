import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import type { Problem } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useResource } from '../../use-resource.ts';
import { Badge } from '../complaints/status-badge.tsx';
import { AutosaveStatus, useAutosavedValues } from './autosave.tsx';
import { useCatalogText } from './catalog-text.ts';
import { type ApplicationView, type Satisfaction, SURVEY_ELEMENTS } from './catalog-types.ts';
import { DynamicForm } from './dynamic-form.tsx';

export const STATUS_TONES = {
  draf: 'neutral',
  diproses: 'info',
  dikembalikan: 'warn',
  selesai: 'ok',
  ditolak: 'error',
} as const;

export function ProblemAlert({
  problem,
  labels,
}: {
  problem: Problem | undefined;
  labels: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);
  return (
    <LiveRegion politeness="assertive">
      {problem ? (
        <Alert ref={ref} variant="error" title={problem.title}>
          {problem.errors?.length ? (
            <ul className="error-list">
              {problem.errors.map((error) => (
                <li key={`${error.field}-${error.code}`}>
                  {labels[error.field] ?? error.field}: {error.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
    </LiveRegion>
  );
}

/** The form and documents of a draft (or of an application sent back), saved as the citizen types. */
function CitizenEditor({
  view,
  onChange,
}: {
  view: ApplicationView;
  onChange: (view: ApplicationView) => void;
}) {
  const { tc, pick } = useCatalogText();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [isBusy, setBusy] = useState(false);
  const { values, latest, change, flush, saveState } = useAutosavedValues(
    `/applications/${view.referenceNumber}/draft`,
    view.values,
    setProblem,
  );

  const uploadFile = async (requirement: string, file: File | undefined) => {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    try {
      const updated = await api.upload<ApplicationView>(
        `/applications/${view.referenceNumber}/documents?requirement=${encodeURIComponent(requirement)}`,
        form,
      );
      setProblem(undefined);
      onChange({ ...updated, values: latest.current });
    } catch (error) {
      if (error instanceof ApiError) setProblem(error.problem);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    if (await flush()) {
      try {
        const updated = await api.post<ApplicationView>(`/applications/${view.referenceNumber}/submit`);
        setProblem(undefined);
        onChange(updated);
      } catch (error) {
        if (error instanceof ApiError) setProblem(error.problem);
      }
    }
    setBusy(false);
  };

  const errors: Record<string, string> = {};
  for (const error of problem?.errors ?? [])
    if (error.field.startsWith('values.')) errors[error.field.slice(7)] = error.message;
  const labels: Record<string, string> = {};
  for (const [name, ui] of Object.entries(view.form.ui.fields)) labels[`values.${name}`] = pick(ui.label);
  for (const document of view.documents) labels[`documents.${document.key}`] = pick(document.label);

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <ProblemAlert problem={problem} labels={labels} />
      <section className="card" aria-labelledby="form-heading">
        <h2 id="form-heading">{tc('application.form')}</h2>
        <DynamicForm
          form={view.form}
          values={values}
          prefilled={view.prefilled}
          onChange={change}
          errors={errors}
          idPrefix="application"
          masksNik
        />
        <AutosaveStatus state={saveState} />
      </section>
      <section className="card" aria-labelledby="documents-heading">
        <h2 id="documents-heading">{tc('application.documents')}</h2>
        {view.documents.map((document) => {
          const uploaded = view.uploads.find((upload) => upload.requirement === document.key);
          const id = `document-${document.key}`;
          return (
            <Field
              key={document.key}
              id={id}
              label={pick(document.label)}
              help={`${pick(document.help)} ${uploaded ? tc('application.uploaded', { name: uploaded.fileName }) : tc('application.notUploaded')}`}
              error={problem?.errors?.find((error) => error.field === `documents.${document.key}`)?.message}
              optionalText={document.isRequired ? undefined : tc('service.optional')}
            >
              {(control) => (
                <input
                  id={id}
                  type="file"
                  accept="image/jpeg,image/png,application/pdf"
                  className="field__input"
                  onChange={(event) => void uploadFile(document.key, event.target.files?.[0])}
                  {...control}
                />
              )}
            </Field>
          );
        })}
      </section>
      <Button type="submit" disabled={isBusy}>
        {view.status === 'dikembalikan' ? tc('application.resubmit') : tc('application.submit')}
      </Button>
    </form>
  );
}

function OfficerActions({
  view,
  onChange,
}: {
  view: ApplicationView;
  onChange: (view: ApplicationView) => void;
}) {
  const { tc, pick } = useCatalogText();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [done, setDone] = useState(false);
  if (view.allowedActions.length === 0) return null;
  const act = async (action: string) => {
    try {
      const updated = await api.post<ApplicationView>(`/applications/${view.referenceNumber}/actions`, {
        action,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setProblem(undefined);
      setNote('');
      setDone(true);
      onChange(updated);
    } catch (error) {
      if (error instanceof ApiError) setProblem(error.problem);
    }
  };
  return (
    <section className="card stack" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{tc('application.actions')}</h2>
      <ProblemAlert problem={problem} labels={{ note: tc('application.note') }} />
      {done ? <p role="status">{tc('application.actionDone')}</p> : null}
      <Field
        id="action-note"
        label={tc('application.note')}
        help={tc('application.noteHelp')}
        optionalText={tc('service.optional')}
      >
        {(control) => (
          <textarea
            id="action-note"
            className="field__input"
            rows={3}
            value={note}
            maxLength={2000}
            onChange={(event) => setNote(event.target.value)}
            {...control}
          />
        )}
      </Field>
      <div className="actions">
        {view.allowedActions.map((action) => (
          <Button
            key={action.key}
            type="button"
            variant={action.kind === 'lanjut' || action.kind === 'terbitkan' ? 'primary' : 'secondary'}
            onClick={() => void act(action.key)}
          >
            {pick(action.label)}
          </Button>
        ))}
      </div>
    </section>
  );
}

function SurveyForm({ reference, onDone }: { reference: string; onDone: () => void }) {
  const { tc, pick } = useCatalogText();
  const [scores, setScores] = useState<Array<number | undefined>>(new Array(9).fill(undefined));
  const [result, setResult] = useState<Satisfaction | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  if (result)
    return (
      <p role="status" className="card">
        {tc('application.surveyThanks', {
          value: result.ikm?.toFixed(2) ?? '—',
          count: String(result.respondents),
        })}
      </p>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setResult(await api.post<Satisfaction>(`/applications/${reference}/survey`, { scores }));
      onDone();
    } catch (error) {
      if (error instanceof ApiError) setProblem(error.problem);
    }
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="survey-heading">
      <h2 id="survey-heading">{tc('application.survey')}</h2>
      <p>{tc('application.surveyLead')}</p>
      <ProblemAlert problem={problem} labels={{}} />
      {SURVEY_ELEMENTS.map((element, index) => (
        <fieldset key={element.id} className="field">
          <legend className="field__label">
            U{index + 1}. {pick(element)}
          </legend>
          <div className="inline-list">
            {[1, 2, 3, 4].map((score) => (
              <label key={score} className="radio__label">
                <input
                  type="radio"
                  name={`u${index + 1}`}
                  value={score}
                  checked={scores[index] === score}
                  onChange={() =>
                    setScores((current) => current.map((item, at) => (at === index ? score : item)))
                  }
                />{' '}
                {score}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <Button type="submit">{tc('application.surveySend')}</Button>
    </form>
  );
}

/** /permohonan/{ref} (the citizen) and /petugas/permohonan/{ref} (the officers of its agency). */
export function ApplicationPage({ reference, isOfficerPage }: { reference: string; isOfficerPage: boolean }) {
  const { tc, pick, language } = useCatalogText();
  const resource = useResource<ApplicationView>(`/applications/${encodeURIComponent(reference)}`);
  const [view, setView] = useState<ApplicationView | undefined>();
  const current = view ?? resource.data;
  if (resource.problem) return <Page title={resource.problem.title} />;
  if (!current) return <Loading />;
  const isEditable = !isOfficerPage && (current.status === 'draf' || current.status === 'dikembalikan');
  return (
    <Page
      title={tc('application.title', { reference: current.referenceNumber })}
      lead={`${current.service.name} — ${current.service.agency}`}
    >
      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">{tc('application.status')}</h2>
        <p className="status-line" data-testid="application-status" data-status={current.status}>
          <Badge tone={STATUS_TONES[current.status]}>{tc(`status.${current.status}`)}</Badge>
          {current.isOverdue ? <Badge tone="error">{tc('queue.overdue', { days: '≥1' })}</Badge> : null}
        </p>
        <dl className="summary-list summary-list--compact">
          {current.state ? (
            <div>
              <dt>{tc('application.step')}</dt>
              <dd data-testid="application-step">{pick(current.state.label)}</dd>
            </div>
          ) : null}
          {current.stateDueAt ? (
            <div>
              <dt>{tc('application.due')}</dt>
              <dd>{formatDateTime(language, current.stateDueAt)}</dd>
            </div>
          ) : null}
          {current.dueAt && current.status !== 'selesai' ? (
            <div>
              <dt>{tc('application.dueAll')}</dt>
              <dd>{formatDateTime(language, current.dueAt)}</dd>
            </div>
          ) : null}
        </dl>
        {current.status === 'dikembalikan' && current.returnNote ? (
          <Alert variant="warning" title={tc('application.returned')}>
            <p data-testid="return-note">{current.returnNote}</p>
          </Alert>
        ) : null}
      </section>
      {current.resultDocumentId && !isOfficerPage ? (
        <section className="card" aria-labelledby="result-heading">
          <h2 id="result-heading">{tc('application.result')}</h2>
          <p>
            <a
              href={`/api/v1/applications/${current.referenceNumber}/result`}
              download
              data-testid="download-result"
            >
              {tc('application.download')}
            </a>
          </p>
          <p>
            <Link href={`/verify/${current.resultDocumentId}`}>{tc('application.verify')}</Link>
          </p>
        </section>
      ) : null}
      {current.canSurvey ? <SurveyForm reference={current.referenceNumber} onDone={() => {}} /> : null}
      {isEditable ? (
        <CitizenEditor view={current} onChange={setView} />
      ) : (
        <section className="card" aria-labelledby="values-heading">
          <h2 id="values-heading">{tc('application.form')}</h2>
          <DynamicForm
            form={current.form}
            values={current.values}
            prefilled={current.prefilled}
            idPrefix="view"
            isReadOnly
          />
          <h3>{tc('application.documents')}</h3>
          <ul>
            {current.uploads.map((upload) => (
              <li key={upload.id}>
                <a href={`/api/v1/applications/${current.referenceNumber}/documents/${upload.id}`}>
                  {upload.fileName}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {isOfficerPage ? <OfficerActions view={current} onChange={setView} /> : null}
      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{tc('application.timeline')}</h2>
        <ol className="timeline" data-testid="application-timeline">
          {current.timeline.map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries only ever append; two may share a time
            <li key={`${entry.at}-${index}`} className="timeline__entry" data-kind={entry.kind}>
              <p className="timeline__head">
                <strong>{entry.kind.replaceAll('_', ' ')}</strong>{' '}
                <time className="timeline__time" dateTime={entry.at}>
                  {formatDateTime(language, entry.at)}
                </time>
              </p>
              <p className="timeline__actor">{entry.actor}</p>
              {entry.note ? <p className="timeline__note">{entry.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </Page>
  );
}
