import { useState } from 'react';
import { api, query } from '../../api.ts';
import type {
  ActionName,
  AgencySummary,
  ArchiveReason,
  Category,
  ComplaintAction,
  ComplaintKind,
  ComplaintView,
  Items,
  Privacy,
} from '../../contracts.ts';
import type { MessageKey } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Checkbox } from '../../ui/checkbox.tsx';
import { ErrorSummary } from '../../ui/error-summary.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { TextArea } from '../../ui/text-area.tsx';
import { type FieldErrors, useForm } from '../../ui/use-form.ts';
import { useResource } from '../../use-resource.ts';
import { AgencyPicker } from './agency-picker.tsx';
import {
  ARCHIVE_REASONS,
  actionHint,
  actionLabel,
  actionNoteLabel,
  archiveLabel,
  KINDS,
  kindLabel,
  PRIVACY_RAISES,
  privacyLabel,
  sortActions,
} from './complaint-labels.ts';
import { categoryOptions } from './use-categories.ts';

type Field =
  | 'note'
  | 'agencyCode'
  | 'unitCode'
  | 'reason'
  | 'kind'
  | 'categoryCode'
  | 'privacy'
  | 'isOversight'
  | 'isFinal';

/** Whether the action needs a note (3–4000 characters), takes an optional one, or none. */
const NOTES: Record<ActionName, 'required' | 'optional'> = {
  disposisi: 'optional',
  tunda: 'required',
  arsipkan: 'required',
  disposisi_unit: 'optional',
  bukan_wewenang: 'required',
  alihkan: 'required',
  rencana_tindak_lanjut: 'required',
  minta_informasi: 'required',
  balas: 'required',
  tindak_lanjut: 'required',
  konfirmasi_selesai: 'optional',
  buka_kembali: 'required',
  ubah_klasifikasi: 'optional',
};

const NOTE_MAX = 4000;

/** The last note of a kind, e.g. the officer's question shown above the reporter's answer. */
function lastNote(view: ComplaintView, kind: string): string | undefined {
  for (let index = view.timeline.length - 1; index >= 0; index--) {
    const entry = view.timeline[index];
    if (entry?.kind === kind && entry.note) return entry.note;
  }
  return undefined;
}

/** The earlier message an action answers, shown in its form. */
const CONTEXT: Partial<Record<ActionName, { kind: string; label: MessageKey }>> = {
  balas: { kind: 'minta_informasi', label: 'timeline.minta_informasi' },
  konfirmasi_selesai: { kind: 'tindak_lanjut', label: 'timeline.tindak_lanjut.final' },
  buka_kembali: { kind: 'tindak_lanjut', label: 'timeline.tindak_lanjut.final' },
};

function UnitSelect({
  id,
  agencyCode,
  value,
  error,
  onChange,
}: {
  id: string;
  agencyCode: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const units = useResource<Items<AgencySummary>>(
    `/agencies${query({ parentCode: agencyCode, limit: 500 })}`,
  );
  const items = units.data?.items ?? [];
  if (units.problem) return <Alert variant="error" title={units.problem.title} />;
  if (units.data && items.length === 0) return <p>{t('action.unit.none')}</p>;
  return (
    <SelectField
      id={id}
      name="unitCode"
      label={t('action.unit')}
      options={[
        { value: '', label: units.isLoading ? '…' : t('action.unit.choose') },
        ...items.map((unit) => ({ value: unit.code, label: unit.name })),
      ]}
      value={value}
      error={error}
      aria-busy={units.isLoading || undefined}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

function ActionForm({
  view,
  action,
  categories,
  onDone,
}: {
  view: ComplaintView;
  action: ActionName;
  categories: readonly Category[] | undefined;
  onDone: (view: ComplaintView, action: ActionName) => void;
}) {
  const { t, language } = useI18n();
  const formId = `tindakan-${action.replaceAll('_', '-')}`;
  const [agency, setAgency] = useState<AgencySummary | undefined>();
  const form = useForm<Field>(formId, {
    note: '',
    agencyCode: '',
    unitCode: '',
    reason: '',
    kind: view.kind,
    categoryCode: view.categoryCode ?? '',
    privacy: view.privacy,
    isOversight: String(view.isOversight),
    isFinal: 'true',
  });
  const set = (field: Field, value: string) => form.setValues((current) => ({ ...current, [field]: value }));
  const noteRule = NOTES[action];
  const labels: Record<Field, string> = {
    note: t(actionNoteLabel(action)),
    agencyCode: t('action.agency'),
    unitCode: t('action.unit'),
    reason: t('action.reason'),
    kind: t('action.kind'),
    categoryCode: t('action.category'),
    privacy: t('action.privacy'),
    isOversight: t('action.isOversight'),
    isFinal: t('action.isFinal'),
  };
  const hasAgency = action === 'disposisi' || action === 'alihkan';
  const hasClassification = action === 'disposisi' || action === 'ubah_klasifikasi';
  const context = CONTEXT[action];
  const contextNote = context ? lastNote(view, context.kind) : undefined;

  const validate = (values: Record<Field, string>): FieldErrors<Field> => {
    const errors: FieldErrors<Field> = {};
    const note = values.note.trim();
    if (noteRule === 'required' && !note) errors.note = t('form.required');
    else if (note && note.length < 3) errors.note = t('action.note.short');
    else if (note.length > NOTE_MAX)
      errors.note = t('form.count.over', { over: String(note.length - NOTE_MAX), max: String(NOTE_MAX) });
    if (hasAgency && !agency) errors.agencyCode = t('action.agency.required');
    if (action === 'disposisi_unit' && !values.unitCode) errors.unitCode = t('action.unit.required');
    if (action === 'arsipkan' && !values.reason) errors.reason = t('form.required');
    return errors;
  };

  /** Only what changed is sent: an unchanged classification is left as it is. */
  const classification = (values: Record<Field, string>) => {
    const kind = values.kind as ComplaintKind;
    const privacy = values.privacy as Privacy;
    const isOversight = values.isOversight === 'true';
    return {
      ...(kind !== view.kind ? { kind } : {}),
      ...(values.categoryCode && values.categoryCode !== view.categoryCode
        ? { categoryCode: values.categoryCode }
        : {}),
      ...(privacy !== view.privacy ? { privacy } : {}),
      ...(kind === 'pengaduan' && isOversight !== view.isOversight ? { isOversight } : {}),
    };
  };

  const bodyOf = (values: Record<Field, string>): ComplaintAction => {
    const note = values.note.trim();
    const optionalNote = note ? { note } : {};
    switch (action) {
      case 'disposisi':
        return { action, agencyCode: agency?.code ?? '', ...optionalNote, ...classification(values) };
      case 'alihkan':
        return { action, agencyCode: agency?.code ?? '', note };
      case 'disposisi_unit':
        return { action, unitCode: values.unitCode, ...optionalNote };
      case 'arsipkan':
        return { action, reason: values.reason as ArchiveReason, note };
      case 'tindak_lanjut':
        return { action, note, isFinal: values.isFinal === 'true' };
      case 'konfirmasi_selesai':
        return { action, ...optionalNote };
      case 'ubah_klasifikasi':
        return { action, ...optionalNote, ...classification(values) };
      case 'tunda':
      case 'bukan_wewenang':
      case 'rencana_tindak_lanjut':
      case 'minta_informasi':
      case 'balas':
      case 'buka_kembali':
        return { action, note };
    }
  };

  const submit = form.onSubmit(validate, async (values) => {
    const updated = await api.post<ComplaintView>(
      `/complaints/${encodeURIComponent(view.trackingId)}/actions`,
      bodyOf(values),
    );
    onDone(updated, action);
  });

  const privacyChoices = PRIVACY_RAISES[view.privacy];
  return (
    <>
      <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={formId} fieldLabels={labels} />
      <form className="form form--plain" noValidate onSubmit={submit}>
        <p className="field__help">{t(actionHint(action))}</p>
        {context && contextNote ? (
          <blockquote className="quote">
            <p className="quote__label">{t(context.label)}</p>
            <p className="pre-line">{contextNote}</p>
          </blockquote>
        ) : null}
        {hasAgency ? (
          <AgencyPicker
            id={form.fieldId('agencyCode')}
            label={labels.agencyCode}
            value={agency}
            onChange={setAgency}
            error={form.fieldErrors.agencyCode}
            accepts={(candidate) =>
              candidate.kind !== 'unit' && (action !== 'alihkan' || candidate.code !== view.agency?.code)
            }
          />
        ) : null}
        {action === 'disposisi_unit' && view.agency ? (
          <UnitSelect
            id={form.fieldId('unitCode')}
            agencyCode={view.agency.code}
            value={form.values.unitCode}
            error={form.fieldErrors.unitCode}
            onChange={(value) => set('unitCode', value)}
          />
        ) : null}
        {action === 'arsipkan' ? (
          <SelectField
            {...form.bind('reason')}
            label={labels.reason}
            options={[
              { value: '', label: t('submit.choose') },
              ...ARCHIVE_REASONS.map((reason) => ({ value: reason, label: t(archiveLabel(reason)) })),
            ]}
          />
        ) : null}
        {hasClassification ? (
          <fieldset className="fieldset fieldset--group">
            <legend className="field__label">
              {t('action.classification')}
              {action === 'disposisi' ? <span className="field__optional"> {t('form.optional')}</span> : null}
            </legend>
            <p className="field__help">{t('action.classification.help')}</p>
            <SelectField
              {...form.bind('kind')}
              label={labels.kind}
              options={KINDS.map((kind) => ({ value: kind, label: t(kindLabel(kind)) }))}
            />
            <SelectField
              {...form.bind('categoryCode')}
              label={labels.categoryCode}
              options={[
                ...(view.categoryCode ? [] : [{ value: '', label: t('action.noCategory') }]),
                ...categoryOptions(categories, language),
              ]}
            />
            <SelectField
              {...form.bind('privacy')}
              label={labels.privacy}
              help={t('action.privacy.help')}
              options={privacyChoices.map((privacy) => ({ value: privacy, label: t(privacyLabel(privacy)) }))}
              disabled={privacyChoices.length === 1}
            />
            {form.values.kind === 'pengaduan' ? (
              <Checkbox
                id={form.fieldId('isOversight')}
                label={labels.isOversight}
                hint={t('action.isOversight.hint')}
                checked={form.values.isOversight === 'true'}
                onChange={(checked) => set('isOversight', String(checked))}
              />
            ) : null}
          </fieldset>
        ) : null}
        <TextArea
          {...form.bind('note')}
          label={labels.note}
          optionalText={noteRule === 'optional' ? t('form.optional') : undefined}
          rows={4}
          maxLength={NOTE_MAX}
          minLength={noteRule === 'required' ? 3 : undefined}
          required={noteRule === 'required'}
        />
        {action === 'tindak_lanjut' ? (
          <Checkbox
            id={form.fieldId('isFinal')}
            label={labels.isFinal}
            hint={t('action.isFinal.hint')}
            checked={form.values.isFinal === 'true'}
            onChange={(checked) => set('isFinal', String(checked))}
          />
        ) : null}
        <Button type="submit" isBusy={form.isBusy} busyLabel={t('form.sending')}>
          {t(actionLabel(action))}
        </Button>
      </form>
    </>
  );
}

/**
 * A form for every action the caller may take now (the server's allowedActions), each in a
 * disclosure; a single action is shown open. The answer replaces the report on the page.
 */
export function ComplaintActions({
  view,
  categories,
  onChanged,
}: {
  view: ComplaintView;
  categories: readonly Category[] | undefined;
  onChanged: (view: ComplaintView, action: ActionName) => void;
}) {
  const { t } = useI18n();
  const actions = sortActions(view.allowedActions);
  // Forms start empty again after any change to the report.
  const version = view.timeline.length;

  return (
    <section className="card" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{view.isReporter ? t('report.actions.reporter') : t('report.actions')}</h2>
      {actions.length === 0 ? <p>{t('report.actions.none')}</p> : null}
      {actions.map((action) => (
        <details
          key={`${action}-${version}`}
          className="disclosure"
          open={actions.length === 1 || undefined}
          data-action={action}
        >
          <summary className="disclosure__summary">{t(actionLabel(action))}</summary>
          <div className="disclosure__body">
            <ActionForm view={view} action={action} categories={categories} onDone={onChanged} />
          </div>
        </details>
      ))}
    </section>
  );
}
