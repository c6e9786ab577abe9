import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import type { Problem } from '../../contracts.ts';
import { Link, navigate } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useResource } from '../../use-resource.ts';
import { useSession } from '../auth/session.tsx';
import { useCatalogText } from './catalog-text.ts';
import {
  ACTION_KINDS,
  type AdminService,
  COMPONENT_LABELS,
  DELIVERY_COMPONENTS,
  LIFE_EVENTS,
  type LifeEvent,
  PROCESSING_ROLES,
  type ServiceContent,
  type ServiceExport,
  STANDARD_COMPONENTS,
  type StandardComponent,
  starterWorkflow,
  type Workflow,
} from './catalog-types.ts';
import { type FieldDraft, FormEditor, fieldsOf, formOf } from './form-editor.tsx';

/** What a new service starts from: the starter two-step workflow (the unit verifies, the agency approves) ready to adapt. */
function starterContent(name: string): ServiceContent {
  return {
    name,
    summary: '',
    lifeEvents: [],
    costRupiah: 0,
    standard: {},
    form: {
      schema: {
        type: 'object',
        properties: {
          namaPemohon: { type: 'string', maxLength: 200 },
          nikPemohon: { type: 'string', maxLength: 200 },
        },
        required: ['namaPemohon', 'nikPemohon'],
      },
      ui: {
        order: ['namaPemohon', 'nikPemohon'],
        fields: {
          namaPemohon: { label: { id: 'Nama pemohon', en: 'Applicant’s name' }, prefill: 'name' },
          nikPemohon: { label: { id: 'NIK pemohon', en: 'Applicant’s NIK' }, prefill: 'nik' },
        },
      },
    },
    documents: [],
    workflow: starterWorkflow(),
    template: { title: { id: name }, fields: [] },
  };
}

function problemOf(error: unknown): Problem {
  return error instanceof ApiError
    ? error.problem
    : { type: '', title: String(error), status: 0, code: 'UNEXPECTED' };
}

function ProblemList({ problem }: { problem: Problem | undefined }) {
  if (!problem) return null;
  return (
    <Alert variant="error" title={problem.title}>
      {problem.errors?.length ? (
        <ul className="error-list" data-testid="problem-list">
          {problem.errors.map((error) => (
            <li key={`${error.field}-${error.code}-${error.message}`}>
              <span className="mono small">{error.field}</span>: {error.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}

/** /admin/layanan: the services of the admin's agencies, a new draft, an import. */
export function ServiceAdminListPage() {
  const { tc } = useCatalogText();
  const { session } = useSession();
  const list = useResource<{ items: AdminService[] }>('/catalog/services');
  const [agencyCode, setAgencyCode] = useState('');
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [importFile, setImportFile] = useState<File | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const ownCode = session.status === 'signed-in' ? (session.user.agency?.code ?? '') : '';
  useEffect(() => {
    if (ownCode) setAgencyCode((current) => current || ownCode);
  }, [ownCode]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await api.post<AdminService>('/catalog/services', {
        agencyCode: agencyCode.trim(),
        slug: slug.trim(),
        content: starterContent(name.trim()),
      });
      navigate(`/admin/layanan/${created.id}`);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  const importService = async (event: FormEvent) => {
    event.preventDefault();
    if (!importFile) return;
    try {
      const file = JSON.parse(await importFile.text()) as ServiceExport;
      const created = await api.post<AdminService>('/catalog/services/import', {
        agencyCode: agencyCode.trim(),
        slug: slug.trim() || file.source.slug,
        file,
      });
      navigate(`/admin/layanan/${created.id}`);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  return (
    <Page title={tc('admin.title')} isWide>
      <ProblemList problem={problem} />
      {!list.data ? <Loading /> : null}
      {list.data ? (
        <ul className="stack" data-testid="admin-services">
          {list.data.items.map((service) => (
            <li key={service.id} className="card">
              <h2>
                <Link href={`/admin/layanan/${service.id}`}>{service.content.name}</Link>
              </h2>
              <p className="muted">
                {service.agency.name} ·{' '}
                {service.status === 'withdrawn'
                  ? tc('admin.withdrawn')
                  : service.publishedVersion
                    ? tc('admin.published', { version: String(service.publishedVersion) })
                    : tc('admin.draft')}
                {service.publishedVersion && service.hasUnpublishedChanges
                  ? ` · ${tc('admin.unpublishedChanges')}`
                  : ''}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="card stack" onSubmit={create} aria-labelledby="new-service-heading">
        <h2 id="new-service-heading">{tc('admin.new')}</h2>
        <TextField
          id="new-agency"
          label={tc('admin.agency')}
          value={agencyCode}
          onChange={(event) => setAgencyCode(event.target.value)}
          required
        />
        <TextField
          id="new-slug"
          label={tc('admin.slug')}
          value={slug}
          onChange={(event) => setSlug(event.target.value)}
          required
        />
        <TextField
          id="new-name"
          label={tc('admin.name')}
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
        />
        <Button type="submit">{tc('admin.create')}</Button>
      </form>
      <form className="card stack" onSubmit={importService} aria-labelledby="import-heading">
        <h2 id="import-heading">{tc('admin.import')}</h2>
        <label htmlFor="import-file">{tc('admin.import')}</label>
        <input
          id="import-file"
          type="file"
          accept="application/json,.json"
          className="field__input"
          onChange={(event) => setImportFile(event.target.files?.[0])}
        />
        <Button type="submit" variant="secondary" disabled={!importFile}>
          {tc('admin.importButton')}
        </Button>
      </form>
    </Page>
  );
}

function WorkflowEditor({
  workflow,
  onChange,
}: {
  workflow: Workflow;
  onChange: (workflow: Workflow) => void;
}) {
  const { tc } = useCatalogText();
  const stateKeys = workflow.states.map((state) => state.key);
  const setState = (index: number, patch: Partial<Workflow['states'][number]>) =>
    onChange({
      ...workflow,
      states: workflow.states.map((state, at) => (at === index ? { ...state, ...patch } : state)),
    });
  const setAction = (index: number, patch: Partial<Workflow['actions'][number]>) =>
    onChange({
      ...workflow,
      actions: workflow.actions.map((action, at) => {
        if (at !== index) return action;
        const next = { ...action, ...patch };
        if (next.kind !== 'lanjut') delete next.to;
        else next.to ??= stateKeys.find((key) => key !== next.from) ?? '';
        return next;
      }),
    });
  return (
    <div className="stack">
      <label htmlFor="workflow-total">{tc('editor.totalDays')}</label>
      <input
        id="workflow-total"
        type="number"
        min={1}
        className="field__input"
        value={workflow.totalWorkingDays}
        onChange={(event) => onChange({ ...workflow, totalWorkingDays: Number(event.target.value) })}
      />
      <label htmlFor="workflow-initial">{tc('editor.initial')}</label>
      <select
        id="workflow-initial"
        className="field__input"
        value={workflow.initial}
        onChange={(event) => onChange({ ...workflow, initial: event.target.value })}
      >
        {stateKeys.map((key) => (
          <option key={key}>{key}</option>
        ))}
      </select>
      <h3>{tc('editor.states')}</h3>
      <div className="table-scroll">
        <table className="table" data-testid="workflow-states">
          <thead>
            <tr>
              <th scope="col">{tc('editor.stateKey')}</th>
              <th scope="col">{tc('editor.fieldLabel')}</th>
              <th scope="col">{tc('editor.stateDays')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {workflow.states.map((state, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, keys change as typed
              <tr key={index}>
                <td>
                  <input
                    aria-label={tc('editor.stateKey')}
                    className="field__input"
                    value={state.key}
                    onChange={(event) => setState(index, { key: event.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={tc('editor.fieldLabel')}
                    className="field__input"
                    value={state.label.id}
                    onChange={(event) =>
                      setState(index, { label: { ...state.label, id: event.target.value } })
                    }
                  />
                </td>
                <td>
                  <input
                    aria-label={tc('editor.stateDays')}
                    type="number"
                    min={1}
                    className="field__input"
                    value={state.workingDays}
                    onChange={(event) => setState(index, { workingDays: Number(event.target.value) })}
                  />
                </td>
                <td>
                  <Button
                    type="button"
                    variant="quiet"
                    onClick={() =>
                      onChange({ ...workflow, states: workflow.states.filter((_, at) => at !== index) })
                    }
                  >
                    {tc('editor.remove')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Button
        type="button"
        variant="secondary"
        onClick={() =>
          onChange({
            ...workflow,
            states: [
              ...workflow.states,
              { key: `tahap-${workflow.states.length + 1}`, label: { id: '' }, workingDays: 1 },
            ],
          })
        }
      >
        {tc('editor.addState')}
      </Button>
      <h3>{tc('editor.actions')}</h3>
      <div className="table-scroll">
        <table className="table" data-testid="workflow-actions">
          <thead>
            <tr>
              <th scope="col">{tc('editor.actionKey')}</th>
              <th scope="col">{tc('editor.fieldLabel')}</th>
              <th scope="col">{tc('editor.actionFrom')}</th>
              <th scope="col">{tc('editor.actionKind')}</th>
              <th scope="col">{tc('editor.actionTo')}</th>
              <th scope="col">{tc('editor.actionRole')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {workflow.actions.map((action, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, keys change as typed
              <tr key={index}>
                <td>
                  <input
                    aria-label={tc('editor.actionKey')}
                    className="field__input"
                    value={action.key}
                    onChange={(event) => setAction(index, { key: event.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={tc('editor.fieldLabel')}
                    className="field__input"
                    value={action.label.id}
                    onChange={(event) =>
                      setAction(index, { label: { ...action.label, id: event.target.value } })
                    }
                  />
                </td>
                <td>
                  <select
                    aria-label={tc('editor.actionFrom')}
                    className="field__input"
                    value={action.from}
                    onChange={(event) => setAction(index, { from: event.target.value })}
                  >
                    {stateKeys.map((key) => (
                      <option key={key}>{key}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={tc('editor.actionKind')}
                    className="field__input"
                    value={action.kind}
                    onChange={(event) =>
                      setAction(index, { kind: event.target.value as (typeof ACTION_KINDS)[number] })
                    }
                  >
                    {ACTION_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {tc(`kind.${kind}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {action.kind === 'lanjut' ? (
                    <select
                      aria-label={tc('editor.actionTo')}
                      className="field__input"
                      value={action.to ?? ''}
                      onChange={(event) => setAction(index, { to: event.target.value })}
                    >
                      {stateKeys.map((key) => (
                        <option key={key}>{key}</option>
                      ))}
                    </select>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <select
                    aria-label={tc('editor.actionRole')}
                    className="field__input"
                    value={action.role}
                    onChange={(event) =>
                      setAction(index, { role: event.target.value as (typeof PROCESSING_ROLES)[number] })
                    }
                  >
                    {PROCESSING_ROLES.map((role) => (
                      <option key={role}>{role}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <Button
                    type="button"
                    variant="quiet"
                    onClick={() =>
                      onChange({ ...workflow, actions: workflow.actions.filter((_, at) => at !== index) })
                    }
                  >
                    {tc('editor.remove')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Button
        type="button"
        variant="secondary"
        onClick={() =>
          onChange({
            ...workflow,
            actions: [
              ...workflow.actions,
              {
                key: `tindakan-${workflow.actions.length + 1}`,
                label: { id: '' },
                from: stateKeys[0] ?? '',
                kind: 'terbitkan',
                role: 'admin-instansi',
              },
            ],
          })
        }
      >
        {tc('editor.addAction')}
      </Button>
    </div>
  );
}

/** /admin/layanan/{id}: the structured editor of a service, with publishing and export. */
export function ServiceEditorPage({ serviceId }: { serviceId: string }) {
  const { tc, pick } = useCatalogText();
  const resource = useResource<AdminService>(`/catalog/services/${encodeURIComponent(serviceId)}`);
  const [service, setService] = useState<AdminService | undefined>();
  const [content, setContent] = useState<ServiceContent | undefined>();
  const [fields, setFields] = useState<FieldDraft[]>([]);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  useEffect(() => {
    if (resource.data && !content) {
      setService(resource.data);
      setContent(resource.data.content);
      setFields(fieldsOf(resource.data.content.form));
    }
  }, [resource.data, content]);
  if (resource.problem) return <Page title={resource.problem.title} />;
  if (!content || !service) return <Loading />;

  const set = (patch: Partial<ServiceContent>) => setContent({ ...content, ...patch });
  const setComponent = (key: StandardComponent, text: string) => {
    const standard = { ...content.standard };
    if (text.trim()) standard[key] = { ...standard[key], id: text };
    else delete standard[key];
    set({ standard });
  };
  const full = (): ServiceContent => ({ ...content, form: formOf(fields) });

  const save = async () => {
    try {
      const saved = await api.put<AdminService>(`/catalog/services/${service.id}`, { content: full() });
      setService(saved);
      setProblem(undefined);
      setMessage(tc('editor.saved'));
      return saved;
    } catch (error) {
      setProblem(problemOf(error));
      setMessage(undefined);
      return undefined;
    }
  };
  const publish = async () => {
    if (!(await save())) return;
    try {
      const published = await api.post<AdminService>(`/catalog/services/${service.id}/publish`);
      setService(published);
      setMessage(tc('editor.publishedOk', { version: String(published.publishedVersion) }));
    } catch (error) {
      setProblem(problemOf(error));
      setMessage(undefined);
    }
  };
  const withdraw = async () => {
    if (!window.confirm(tc('editor.withdrawConfirm'))) return;
    try {
      setService(await api.post<AdminService>(`/catalog/services/${service.id}/withdraw`));
      setProblem(undefined);
      setMessage(tc('editor.withdrawnOk'));
    } catch (error) {
      setProblem(problemOf(error));
      setMessage(undefined);
    }
  };
  const missing = STANDARD_COMPONENTS.filter((key) => !content.standard[key]?.id.trim());

  return (
    <Page
      title={content.name}
      lead={`${service.agency.name} · ${service.status === 'withdrawn' ? tc('admin.withdrawn') : service.publishedVersion ? tc('admin.published', { version: String(service.publishedVersion) }) : tc('admin.draft')}`}
      isWide
    >
      <div aria-live="polite">
        {message ? (
          <Alert variant="success" title={message}>
            {service.publishedVersion ? (
              <p>
                <Link href={`/layanan/${service.id}`}>{content.name}</Link>
              </p>
            ) : null}
          </Alert>
        ) : null}
        <ProblemList problem={problem} />
      </div>
      <section className="card stack" aria-labelledby="basics-heading">
        <h2 id="basics-heading">{tc('editor.basics')}</h2>
        <TextField
          id="service-name"
          label={tc('admin.name')}
          value={content.name}
          onChange={(event) => set({ name: event.target.value })}
        />
        <TextField
          id="service-name-en"
          label={tc('editor.nameEn')}
          value={content.nameEn ?? ''}
          onChange={(event) => set({ nameEn: event.target.value })}
        />
        <label htmlFor="service-summary">{tc('editor.summary')}</label>
        <textarea
          id="service-summary"
          className="field__input"
          rows={2}
          value={content.summary}
          onChange={(event) => set({ summary: event.target.value })}
        />
        <TextField
          id="service-cost"
          label={tc('editor.cost')}
          type="number"
          min={0}
          value={String(content.costRupiah)}
          onChange={(event) => set({ costRupiah: Number(event.target.value) })}
        />
        <fieldset>
          <legend>{tc('catalogue.lifeEvents')}</legend>
          {LIFE_EVENTS.map((event) => (
            <label key={event} className="inline-check">
              <input
                type="checkbox"
                checked={content.lifeEvents.includes(event)}
                onChange={(change) =>
                  set({
                    lifeEvents: change.target.checked
                      ? [...content.lifeEvents, event as LifeEvent]
                      : content.lifeEvents.filter((item) => item !== event),
                  })
                }
              />{' '}
              {tc(`event.${event}`)}
            </label>
          ))}
        </fieldset>
      </section>
      <section className="card stack" aria-labelledby="standard-heading">
        <h2 id="standard-heading">{tc('editor.standard')}</h2>
        <p data-testid="missing-components">{tc('editor.missing', { count: String(missing.length) })}</p>
        {STANDARD_COMPONENTS.map((key) => {
          const isDelivery = (DELIVERY_COMPONENTS as readonly string[]).includes(key);
          return (
            <div key={key} className="field">
              <label htmlFor={`standard-${key}`} className="field__label">
                {pick(COMPONENT_LABELS[key])}
                {isDelivery ? <span className="field__optional"> ({tc('editor.delivery')})</span> : null}
                {missing.includes(key) ? <span className="badge badge--warn"> ✗</span> : null}
              </label>
              <textarea
                id={`standard-${key}`}
                className="field__input"
                rows={2}
                value={content.standard[key]?.id ?? ''}
                onChange={(event) => setComponent(key, event.target.value)}
              />
            </div>
          );
        })}
      </section>
      <section className="card stack" aria-labelledby="form-heading">
        <h2 id="form-heading">{tc('editor.form')}</h2>
        <FormEditor fields={fields} onChange={setFields} />
      </section>
      <section className="card stack" aria-labelledby="documents-heading">
        <h2 id="documents-heading">{tc('editor.documents')}</h2>
        {content.documents.map((document, index) => (
          <fieldset key={`document-${index.toString()}`} className="stack">
            <legend>{pick(document.label) || document.key}</legend>
            <label htmlFor={`document-${index}-key`}>{tc('editor.documentKey')}</label>
            <input
              id={`document-${index}-key`}
              className="field__input"
              value={document.key}
              onChange={(event) =>
                set({
                  documents: content.documents.map((item, at) =>
                    at === index ? { ...item, key: event.target.value } : item,
                  ),
                })
              }
            />
            <label htmlFor={`document-${index}-label`}>{tc('editor.fieldLabel')}</label>
            <input
              id={`document-${index}-label`}
              className="field__input"
              value={document.label.id}
              onChange={(event) =>
                set({
                  documents: content.documents.map((item, at) =>
                    at === index ? { ...item, label: { ...item.label, id: event.target.value } } : item,
                  ),
                })
              }
            />
            <label>
              <input
                type="checkbox"
                checked={document.isRequired}
                onChange={(event) =>
                  set({
                    documents: content.documents.map((item, at) =>
                      at === index ? { ...item, isRequired: event.target.checked } : item,
                    ),
                  })
                }
              />{' '}
              {tc('editor.fieldRequired')}
            </label>
            <Button
              type="button"
              variant="quiet"
              onClick={() => set({ documents: content.documents.filter((_, at) => at !== index) })}
            >
              {tc('editor.remove')}
            </Button>
          </fieldset>
        ))}
        <Button
          type="button"
          variant="secondary"
          onClick={() =>
            set({
              documents: [
                ...content.documents,
                { key: `dokumen-${content.documents.length + 1}`, label: { id: '' }, isRequired: true },
              ],
            })
          }
        >
          {tc('editor.addDocument')}
        </Button>
      </section>
      <section className="card stack" aria-labelledby="workflow-heading">
        <h2 id="workflow-heading">{tc('editor.workflow')}</h2>
        <WorkflowEditor workflow={content.workflow} onChange={(workflow) => set({ workflow })} />
      </section>
      <section className="card stack" aria-labelledby="template-heading">
        <h2 id="template-heading">{tc('editor.template')}</h2>
        <TextField
          id="template-title"
          label={tc('editor.templateTitle')}
          value={content.template.title.id}
          onChange={(event) =>
            set({
              template: { ...content.template, title: { ...content.template.title, id: event.target.value } },
            })
          }
        />
        <TextField
          id="template-fields"
          label={tc('editor.templateFields')}
          value={content.template.fields.join(', ')}
          onChange={(event) =>
            set({
              template: {
                ...content.template,
                fields: event.target.value
                  .split(',')
                  .map((item) => item.trim())
                  .filter(Boolean),
              },
            })
          }
        />
        <TextField
          id="template-holder"
          label={tc('editor.holderField')}
          optionalText={tc('service.optional')}
          value={content.template.holderField ?? ''}
          onChange={(event) => {
            const { holderField: _old, ...rest } = content.template;
            set({
              template: event.target.value.trim()
                ? { ...rest, holderField: event.target.value.trim() }
                : rest,
            });
          }}
        />
      </section>
      <section className="card stack" aria-labelledby="issues-heading">
        <h2 id="issues-heading">{tc('editor.issues')}</h2>
        {service.issues.length === 0 ? (
          <p>{tc('editor.noIssues')}</p>
        ) : (
          <ul data-testid="draft-issues">
            {service.issues.map((issue) => (
              <li key={`${issue.field}-${issue.code}`}>{issue.message}</li>
            ))}
          </ul>
        )}
        <div className="actions">
          <Button type="button" variant="secondary" onClick={() => void save()}>
            {tc('editor.save')}
          </Button>
          <Button type="button" onClick={() => void publish()}>
            {tc('editor.publish')}
          </Button>
          {service.status === 'published' ? (
            <Button type="button" variant="secondary" onClick={() => void withdraw()}>
              {tc('editor.withdraw')}
            </Button>
          ) : null}
          <a className="button button--quiet" href={`/api/v1/catalog/services/${service.id}/export`} download>
            {tc('editor.export')}
          </a>
        </div>
      </section>
    </Page>
  );
}
