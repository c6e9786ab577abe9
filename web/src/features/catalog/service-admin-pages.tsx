import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import type { Problem } from '../../contracts.ts';
import { Link, navigate } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { CellInput, CellSelect, type EditableColumn, EditableTable } from '../../ui/editable-table.tsx';
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

type State = Workflow['states'][number];
type Action = Workflow['actions'][number];

/** The key of a workflow state or action, edited in place. */
function keyColumn<Row extends { key: string }>(header: string): EditableColumn<Row> {
  return {
    header,
    cell: (row, change, label) => (
      <CellInput label={label} value={row.key} onChange={(key) => change({ key } as Partial<Row>)} />
    ),
  };
}

/** The Indonesian label of a workflow state or action, edited in place. */
function labelColumn<Row extends { label: { id: string } }>(header: string): EditableColumn<Row> {
  return {
    header,
    cell: (row, change, label) => (
      <CellInput
        label={label}
        value={row.label.id}
        onChange={(id) => change({ label: { ...row.label, id } } as Partial<Row>)}
      />
    ),
  };
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
      <EditableTable<State>
        testId="workflow-states"
        rows={workflow.states}
        onChange={(states) => onChange({ ...workflow, states })}
        newRow={() => ({ key: `tahap-${workflow.states.length + 1}`, label: { id: '' }, workingDays: 1 })}
        addLabel={tc('editor.addState')}
        removeLabel={tc('editor.remove')}
        columns={[
          keyColumn<State>(tc('editor.stateKey')),
          labelColumn<State>(tc('editor.fieldLabel')),
          {
            header: tc('editor.stateDays'),
            cell: (state, change, label) => (
              <CellInput
                label={label}
                type="number"
                value={state.workingDays}
                onChange={(days) => change({ workingDays: Number(days) })}
              />
            ),
          },
        ]}
      />
      <h3>{tc('editor.actions')}</h3>
      <EditableTable<Action>
        testId="workflow-actions"
        rows={workflow.actions}
        onChange={(actions) => onChange({ ...workflow, actions })}
        update={(action, patch) => {
          const next = { ...action, ...patch };
          if (next.kind !== 'lanjut') delete next.to;
          else next.to ??= stateKeys.find((key) => key !== next.from) ?? '';
          return next;
        }}
        newRow={() => ({
          key: `tindakan-${workflow.actions.length + 1}`,
          label: { id: '' },
          from: stateKeys[0] ?? '',
          kind: 'terbitkan',
          role: 'admin-instansi',
        })}
        addLabel={tc('editor.addAction')}
        removeLabel={tc('editor.remove')}
        columns={[
          keyColumn<Action>(tc('editor.actionKey')),
          labelColumn<Action>(tc('editor.fieldLabel')),
          {
            header: tc('editor.actionFrom'),
            cell: (action, change, label) => (
              <CellSelect
                label={label}
                value={action.from}
                options={stateKeys}
                onChange={(from) => change({ from })}
              />
            ),
          },
          {
            header: tc('editor.actionKind'),
            cell: (action, change, label) => (
              <CellSelect
                label={label}
                value={action.kind}
                options={ACTION_KINDS.map((kind) => [kind, tc(`kind.${kind}`)] as const)}
                onChange={(kind) => change({ kind: kind as Action['kind'] })}
              />
            ),
          },
          {
            header: tc('editor.actionTo'),
            cell: (action, change, label) =>
              action.kind === 'lanjut' ? (
                <CellSelect
                  label={label}
                  value={action.to ?? ''}
                  options={stateKeys}
                  onChange={(to) => change({ to })}
                />
              ) : (
                '—'
              ),
          },
          {
            header: tc('editor.actionRole'),
            cell: (action, change, label) => (
              <CellSelect
                label={label}
                value={action.role}
                options={PROCESSING_ROLES}
                onChange={(role) => change({ role: role as Action['role'] })}
              />
            ),
          },
        ]}
      />
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
