import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import type { Problem } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { Link, navigate, useSearch } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Checkbox } from '../../ui/checkbox.tsx';
import { Field } from '../../ui/field.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useResource } from '../../use-resource.ts';
import { useSession } from '../auth/session.tsx';
import { Badge } from '../complaints/status-badge.tsx';
import { ProblemAlert, STATUS_TONES } from './application-page.tsx';
import { AutosaveStatus, useAutosavedValues } from './autosave.tsx';
import { useCatalogText } from './catalog-text.ts';
import {
  type ApplicationView,
  type BundleSummary,
  type BundleView,
  LIFE_EVENTS,
  type LifeEvent,
  type Page as Paged,
  type PublicServiceSummary,
} from './catalog-types.ts';
import { DynamicForm } from './dynamic-form.tsx';

/**
 * /paket?lifeEvent=…: a citizen picks a life event and the services to file together (all of the
 * event's services are ticked), then starts one bundle: one draft per service.
 */
export function BundleStartPage() {
  const { tc, language } = useCatalogText();
  const { session } = useSession();
  const chosenEvent = new URLSearchParams(useSearch()).get('lifeEvent') ?? '';
  const lifeEvent = (LIFE_EVENTS as readonly string[]).includes(chosenEvent)
    ? (chosenEvent as LifeEvent)
    : undefined;
  const services = useResource<Paged<PublicServiceSummary>>(
    lifeEvent ? `/public/services?lifeEvent=${lifeEvent}&pageSize=50` : undefined,
  );
  const [unticked, setUnticked] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<Problem | undefined>();
  const [isBusy, setBusy] = useState(false);
  const canApply = session.status === 'signed-in' && session.user.scopes.includes('applications:submit');
  const chosen = (services.data?.items ?? []).filter((service) => !unticked.has(service.id));

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const bundle = await api.post<BundleView>('/applications/bundles', {
        lifeEvent,
        serviceIds: chosen.map((service) => service.id),
      });
      navigate(`/paket/${bundle.referenceNumber}`);
    } catch (error) {
      if (error instanceof ApiError) setProblem(error.problem);
      setBusy(false);
    }
  };

  return (
    <Page title={tc('bundle.startTitle')} lead={tc('bundle.startLead')}>
      <nav aria-label={tc('catalogue.lifeEvents')} className="card">
        <h2>{tc('bundle.chooseEvent')}</h2>
        <ul className="inline-list">
          {LIFE_EVENTS.map((event) => (
            <li key={event}>
              <Link
                href={`/paket?lifeEvent=${event}`}
                aria-current={lifeEvent === event ? 'page' : undefined}
              >
                {tc(`event.${event}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {lifeEvent && !services.data ? <Loading /> : null}
      {lifeEvent && services.data ? (
        <form className="card stack" onSubmit={start} aria-labelledby="bundle-services-heading">
          <h2 id="bundle-services-heading">{tc('bundle.services', { event: tc(`event.${lifeEvent}`) })}</h2>
          <ProblemAlert problem={problem} labels={{}} />
          {services.data.items.length < 2 ? <p>{tc('bundle.tooFew')}</p> : null}
          <fieldset className="field" data-testid="bundle-services">
            <legend className="field__label">{tc('bundle.pick')}</legend>
            {services.data.items.map((service) => (
              <Checkbox
                key={service.id}
                id={`bundle-service-${service.id}`}
                label={language === 'en' && service.nameEn ? service.nameEn : service.name}
                hint={`${service.agency.name} · ${tc('service.days', { days: String(service.totalWorkingDays) })}`}
                checked={!unticked.has(service.id)}
                onChange={(checked) =>
                  setUnticked((current) => {
                    const next = new Set(current);
                    if (checked) next.delete(service.id);
                    else next.add(service.id);
                    return next;
                  })
                }
              />
            ))}
          </fieldset>
          {canApply ? (
            <Button type="submit" disabled={isBusy || chosen.length < 2}>
              {tc('bundle.start', { count: String(chosen.length) })}
            </Button>
          ) : session.status !== 'signed-in' ? (
            <p>
              <Link href="/masuk">{tc('service.loginToApply')}</Link>
            </p>
          ) : null}
        </form>
      ) : null}
    </Page>
  );
}

/** The combined form (saved into every part as the citizen types), each part's documents, one submit. */
function BundleEditor({
  bundle,
  parts,
  onChange,
}: {
  bundle: BundleView;
  parts: ApplicationView[];
  onChange: () => void;
}) {
  const { tc, pick } = useCatalogText();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [isBusy, setBusy] = useState(false);
  const path = `/applications/bundles/${bundle.referenceNumber}`;
  const { values, change, flush, saveState } = useAutosavedValues(`${path}/draft`, bundle.values, setProblem);

  const uploadFile = async (reference: string, requirement: string, file: File | undefined) => {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    try {
      await api.upload<ApplicationView>(
        `/applications/${reference}/documents?requirement=${encodeURIComponent(requirement)}`,
        form,
      );
      setProblem(undefined);
      onChange();
    } catch (error) {
      if (error instanceof ApiError) setProblem(error.problem);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    if (await flush()) {
      try {
        await api.post<BundleView>(`${path}/submit`);
        setProblem(undefined);
        onChange();
      } catch (error) {
        if (error instanceof ApiError) setProblem(error.problem);
      }
    }
    setBusy(false);
  };

  // Gaps come back as "<application reference>.<field>": name them by service and field.
  const labels: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const [name, ui] of Object.entries(bundle.form.ui.fields)) labels[`values.${name}`] = pick(ui.label);
  for (const part of parts) {
    for (const [name, ui] of Object.entries(part.form.ui.fields))
      labels[`${part.referenceNumber}.values.${name}`] = `${part.service.name}: ${pick(ui.label)}`;
    for (const document of part.documents)
      labels[`${part.referenceNumber}.documents.${document.key}`] =
        `${part.service.name}: ${pick(document.label)}`;
  }
  for (const error of problem?.errors ?? []) {
    const match = /(?:^|\.)values\.(\w+)$/.exec(error.field);
    if (match?.[1]) errors[match[1]] = error.message;
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <ProblemAlert problem={problem} labels={labels} />
      <section className="card" aria-labelledby="bundle-form-heading">
        <h2 id="bundle-form-heading">{tc('bundle.form')}</h2>
        <p className="muted">{tc('bundle.formLead', { count: String(parts.length) })}</p>
        <DynamicForm
          form={bundle.form}
          values={values}
          prefilled={bundle.prefilled}
          onChange={change}
          errors={errors}
          idPrefix="bundle"
          masksNik
        />
        <AutosaveStatus state={saveState} />
      </section>
      {parts
        .filter((part) => part.documents.length > 0)
        .map((part) => (
          <section
            key={part.referenceNumber}
            className="card"
            aria-labelledby={`documents-${part.referenceNumber}`}
          >
            <h2 id={`documents-${part.referenceNumber}`}>
              {tc('bundle.documentsFor', { service: part.service.name })}
            </h2>
            <p className="muted small">{part.service.agency}</p>
            {part.documents.map((document) => {
              const uploaded = part.uploads.find((item) => item.requirement === document.key);
              const id = `document-${part.referenceNumber}-${document.key}`;
              return (
                <Field
                  key={document.key}
                  id={id}
                  label={pick(document.label)}
                  help={`${pick(document.help)} ${uploaded ? tc('application.uploaded', { name: uploaded.fileName }) : tc('application.notUploaded')}`}
                  error={
                    problem?.errors?.find(
                      (error) => error.field === `${part.referenceNumber}.documents.${document.key}`,
                    )?.message
                  }
                  optionalText={document.isRequired ? undefined : tc('service.optional')}
                >
                  {(control) => (
                    <input
                      id={id}
                      type="file"
                      accept="image/jpeg,image/png,application/pdf"
                      className="field__input"
                      onChange={(event) =>
                        void uploadFile(part.referenceNumber, document.key, event.target.files?.[0])
                      }
                      {...control}
                    />
                  )}
                </Field>
              );
            })}
          </section>
        ))}
      <Button type="submit" disabled={isBusy}>
        {tc('bundle.submit', { count: String(parts.length) })}
      </Button>
    </form>
  );
}

/** /paket/{ref}: the bundle together (one form, one submission, one status) and each application on its own. */
export function BundlePage({ reference }: { reference: string }) {
  const { tc, language } = useCatalogText();
  const [version, setVersion] = useState(0);
  const bundle = useResource<BundleView>(`/applications/bundles/${encodeURIComponent(reference)}`);
  const [parts, setParts] = useState<ApplicationView[] | undefined>();
  const refs = bundle.data?.applications.map((item) => item.referenceNumber).join(',');
  useEffect(() => {
    if (!refs) return;
    // `version` is read so that a change (an upload, the submission) loads the parts again.
    void version;
    let isCurrent = true;
    void Promise.all(refs.split(',').map((ref) => api.get<ApplicationView>(`/applications/${ref}`))).then(
      (views) => {
        if (isCurrent) setParts(views);
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [refs, version]);
  if (bundle.problem) return <Page title={bundle.problem.title} />;
  if (!bundle.data || !parts) return <Loading />;
  const data = bundle.data;
  return (
    <Page
      title={tc('bundle.title', { reference: data.referenceNumber })}
      lead={tc('bundle.lead', { event: tc(`event.${data.lifeEvent}`) })}
    >
      <section className="card" aria-labelledby="bundle-status-heading">
        <h2 id="bundle-status-heading">{tc('bundle.together')}</h2>
        <p className="status-line" data-testid="bundle-status" data-status={data.status}>
          <Badge tone={STATUS_TONES[data.status]}>{tc(`status.${data.status}`)}</Badge>
        </p>
        {data.status === 'dikembalikan' ? (
          <Alert variant="warning" title={tc('bundle.returned')}>
            <p>{tc('bundle.returnedHelp')}</p>
          </Alert>
        ) : null}
        <h3>{tc('bundle.each')}</h3>
        <ul className="stack" data-testid="bundle-parts">
          {data.applications.map((item) => (
            <li key={item.referenceNumber} data-status={item.status}>
              <Link href={`/permohonan/${item.referenceNumber}`}>{item.serviceName}</Link>
              <br />
              <span className="muted small">
                {item.agency} · <span className="mono">{item.referenceNumber}</span>
              </span>
              <br />
              <Badge tone={STATUS_TONES[item.status]}>{tc(`status.${item.status}`)}</Badge>{' '}
              {item.stateLabel ? <span>{item.stateLabel}</span> : null}
              {item.stateDueAt ? (
                <span className="muted small">
                  {' '}
                  · {tc('application.due')}: {formatDateTime(language, item.stateDueAt)}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {data.status === 'draf' ? (
        <BundleEditor
          bundle={data}
          parts={parts}
          onChange={() => {
            bundle.reload();
            setVersion((current) => current + 1);
          }}
        />
      ) : null}
    </Page>
  );
}

/** The citizen's bundles, listed on their applications page. */
export function MyBundles() {
  const { tc } = useCatalogText();
  const list = useResource<{ items: BundleSummary[] }>('/applications/bundles');
  if (!list.data || list.data.items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="my-bundles-heading">
      <h2 id="my-bundles-heading">{tc('bundle.mine')}</h2>
      <ul className="stack" data-testid="my-bundles">
        {list.data.items.map((item) => (
          <li key={item.referenceNumber}>
            <Link href={`/paket/${item.referenceNumber}`} className="mono">
              {item.referenceNumber}
            </Link>{' '}
            — {tc(`event.${item.lifeEvent}`)}:{' '}
            <Badge tone={STATUS_TONES[item.status]}>{tc(`status.${item.status}`)}</Badge>
            <br />
            <span className="muted small">
              {item.applications.map((part) => part.serviceName).join(' · ')}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
