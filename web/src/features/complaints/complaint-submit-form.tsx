import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import type {
  AgencySummary,
  ComplaintKind,
  ComplaintSubmitted,
  Me,
  Privacy,
  SubmitComplaint,
} from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorSummary } from '../../ui/error-summary.tsx';
import { RadioGroup } from '../../ui/radio-group.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { TextArea } from '../../ui/text-area.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { type FieldErrors, useForm } from '../../ui/use-form.ts';
import { AgencyPicker } from './agency-picker.tsx';
import {
  AttachmentPicker,
  MAX_ATTACHMENT_BYTES,
  type UploadResult,
  uploadAttachments,
} from './attachments.tsx';
import { KINDS, kindHint, kindLabel, PRIVACIES, privacyHint, privacyLabel } from './complaint-labels.ts';
import { clearDraft, newIdempotencyKey, readDraft, rememberReport, saveDraft } from './complaint-storage.ts';
import { RegionPicker } from './region-picker.tsx';
import { SimilarReportsPanel } from './similar-reports-panel.tsx';
import { categoryOptions, useCategories } from './use-categories.ts';

export const FORM_ID = 'lapor';
type Field =
  | 'kind'
  | 'title'
  | 'description'
  | 'categoryCode'
  | 'regionCode'
  | 'address'
  | 'privacy'
  | 'agencyCode';

const EMPTY: Record<Field, string> = {
  kind: '',
  title: '',
  description: '',
  categoryCode: '',
  regionCode: '',
  address: '',
  privacy: '',
  agencyCode: '',
};

/** The limits of SubmitComplaint (complaints.contracts.ts), counted after trimming as the server does. */
const LIMITS = { title: [10, 200], description: [20, 8000], address: 300 } as const;

export type Submission = { submitted: ComplaintSubmitted; uploads: UploadResult[] };

/**
 * The report form. What is typed is kept on any error and in the tab's session storage until the
 * report is sent. One Idempotency-Key per report, kept across retries: a double click or a retry
 * after a lost answer returns the same report instead of filing a second one.
 */
export function ComplaintSubmitForm({
  user,
  onSubmitted,
}: {
  user: Me;
  onSubmitted: (result: Submission) => void;
}) {
  const { t, language } = useI18n();
  const [restored] = useState(() => readDraft(EMPTY));
  const form = useForm<Field>(FORM_ID, restored ?? EMPTY, {
    aliases: { lat: 'regionCode', lng: 'regionCode' },
    codeFields: {
      REGION_UNKNOWN: 'regionCode',
      CATEGORY_UNKNOWN: 'categoryCode',
      TARGET_AGENCY_INVALID: 'agencyCode',
    },
  });
  const categories = useCategories();
  const [agency, setAgency] = useState<AgencySummary | undefined>();
  const [files, setFiles] = useState<File[]>([]);
  const [point, setPoint] = useState<{ lat: number; lng: number } | undefined>();
  const [pointFailed, setPointFailed] = useState(false);
  const [phase, setPhase] = useState<'sending' | 'uploading'>('sending');
  const idempotencyKey = useRef<string | undefined>(undefined);

  const labels: Record<Field, string> = {
    kind: t('submit.kind'),
    title: t('submit.titleField'),
    description: t('submit.description'),
    categoryCode: t('submit.category'),
    regionCode: t('submit.location'),
    address: t('submit.address'),
    privacy: t('submit.privacy'),
    agencyCode: t('submit.agency'),
  };

  useEffect(() => {
    saveDraft(form.values);
  }, [form.values]);

  const set = (field: Field, value: string) => form.setValues((current) => ({ ...current, [field]: value }));

  const validate = (values: Record<Field, string>): FieldErrors<Field> => {
    const errors: FieldErrors<Field> = {};
    const title = values.title.trim().length;
    const description = values.description.trim().length;
    if (!values.kind) errors.kind = t('submit.check.kind');
    if (title < LIMITS.title[0] || title > LIMITS.title[1]) errors.title = t('submit.check.title');
    if (description < LIMITS.description[0] || description > LIMITS.description[1])
      errors.description = t('submit.check.description');
    if (values.regionCode.split('.').length < 2) errors.regionCode = t('submit.check.region');
    if (!values.privacy) errors.privacy = t('submit.check.privacy');
    return errors;
  };

  const submit = form.onSubmit(validate, async (values) => {
    idempotencyKey.current ??= newIdempotencyKey();
    const address = values.address.trim();
    const body: SubmitComplaint = {
      kind: values.kind as ComplaintKind,
      title: values.title.trim(),
      description: values.description.trim(),
      privacy: values.privacy as Privacy,
      regionCode: values.regionCode,
      ...(values.categoryCode ? { categoryCode: values.categoryCode } : {}),
      ...(agency ? { agencyCode: agency.code } : {}),
      ...(address ? { address } : {}),
      ...(point ? { lat: point.lat, lng: point.lng } : {}),
    };
    setPhase('sending');
    const submitted = await api.post<ComplaintSubmitted>('/complaints', body, {
      headers: { 'idempotency-key': idempotencyKey.current },
    });
    rememberReport(user.id, submitted.trackingId);
    clearDraft();
    setPhase('uploading');
    const uploads = await uploadAttachments(
      submitted.trackingId,
      files.filter((file) => file.size <= MAX_ATTACHMENT_BYTES),
    );
    idempotencyKey.current = undefined;
    onSubmitted({ submitted, uploads });
  });

  const locate = () => {
    setPointFailed(false);
    if (!('geolocation' in navigator)) {
      setPointFailed(true);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) =>
        setPoint({
          lat: Math.round(position.coords.latitude * 1e5) / 1e5,
          lng: Math.round(position.coords.longitude * 1e5) / 1e5,
        }),
      () => setPointFailed(true),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  return (
    <>
      {restored ? <Alert variant="info" title={t('submit.draftRestored')} /> : null}
      <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={FORM_ID} fieldLabels={labels} />
      <form className="form form--wide" noValidate onSubmit={submit} aria-label={t('submit.title')}>
        <RadioGroup
          id={form.fieldId('kind')}
          name="kind"
          legend={labels.kind}
          options={KINDS.map((kind) => ({ value: kind, label: t(kindLabel(kind)), hint: t(kindHint(kind)) }))}
          value={form.values.kind}
          error={form.fieldErrors.kind}
          onChange={(value) => set('kind', value)}
        />
        <TextField
          {...form.bind('title')}
          label={labels.title}
          help={t('submit.titleField.help')}
          // Room to overshoot: a pasted title is not cut off unseen, the check explains the limit.
          maxLength={LIMITS.title[1] + 50}
          autoComplete="off"
          required
        />
        <TextArea
          {...form.bind('description')}
          label={labels.description}
          help={t('submit.description.help')}
          rows={8}
          minLength={LIMITS.description[0]}
          maxLength={LIMITS.description[1]}
          required
        />
        <SelectField
          {...form.bind('categoryCode')}
          label={labels.categoryCode}
          optionalText={t('form.optional')}
          options={[
            { value: '', label: t('submit.category.choose') },
            ...categoryOptions(categories.data?.items, language),
          ]}
        />
        <RegionPicker
          idPrefix={form.fieldId('regionCode')}
          legend={labels.regionCode}
          help={t('submit.location.help')}
          value={form.values.regionCode}
          onChange={(code) => set('regionCode', code)}
          depth={4}
          requiredDepth={2}
          error={form.fieldErrors.regionCode}
        />
        <SimilarReportsPanel
          user={user}
          title={form.values.title}
          description={form.values.description}
          regionCode={form.values.regionCode}
        />
        <TextField
          {...form.bind('address')}
          label={labels.address}
          optionalText={t('form.optional')}
          help={t('submit.address.help')}
          maxLength={LIMITS.address}
          autoComplete="off"
        />
        <div className="field">
          {point ? (
            <p>
              {t('submit.locationAdded', { lat: String(point.lat), lng: String(point.lng) })}{' '}
              <Button variant="quiet" onClick={() => setPoint(undefined)}>
                {t('submit.locationRemove')}
              </Button>
            </p>
          ) : (
            <Button variant="secondary" onClick={locate}>
              {t('submit.useLocation')}
            </Button>
          )}
          <LiveRegion politeness="polite">
            {pointFailed ? <p className="field__help">{t('submit.locationFailed')}</p> : null}
          </LiveRegion>
        </div>
        <AgencyPicker
          id={form.fieldId('agencyCode')}
          label={labels.agencyCode}
          optionalText={t('form.optional')}
          help={t('submit.agency.help')}
          value={agency}
          onChange={setAgency}
          error={form.fieldErrors.agencyCode}
        />
        <RadioGroup
          id={form.fieldId('privacy')}
          name="privacy"
          legend={labels.privacy}
          options={PRIVACIES.map((privacy) => ({
            value: privacy,
            label: t(privacyLabel(privacy)),
            hint: t(privacyHint(privacy)),
          }))}
          value={form.values.privacy}
          error={form.fieldErrors.privacy}
          onChange={(value) => set('privacy', value)}
        />
        <AttachmentPicker
          id={`${FORM_ID}-files`}
          label={t('submit.attachments')}
          optionalText={t('form.optional')}
          help={t('submit.attachments.help')}
          files={files}
          onChange={setFiles}
        />
        <Button
          type="submit"
          isBusy={form.isBusy}
          busyLabel={phase === 'uploading' ? t('submit.uploading') : t('submit.sending')}
        >
          {t('submit.submit')}
        </Button>
      </form>
    </>
  );
}
