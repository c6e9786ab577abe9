import { useI18n } from '../../language.tsx';
import { navigate } from '../../router.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorSummary } from '../../ui/error-summary.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useForm } from '../../ui/use-form.ts';
import { normaliseTrackingId } from './complaint-labels.ts';

const FORM_ID = 'cari-nomor';

/** "Cari nomor pelacakan": opens /lapor/{id}, which shows whatever the visitor may see of it. */
export function TrackingLookup() {
  const { t } = useI18n();
  const form = useForm<'trackingId'>(FORM_ID, { trackingId: '' });
  const labels = { trackingId: t('feed.lookup.label') };
  const submit = form.onSubmit(
    (values) =>
      values.trackingId.trim() && normaliseTrackingId(values.trackingId)
        ? {}
        : { trackingId: values.trackingId.trim() ? t('feed.lookup.invalid') : t('form.required') },
    async (values) => {
      const trackingId = normaliseTrackingId(values.trackingId);
      if (trackingId) navigate(`/lapor/${encodeURIComponent(trackingId)}`);
    },
  );
  return (
    <section className="card" aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">{t('feed.lookup')}</h2>
      <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={FORM_ID} fieldLabels={labels} />
      <form className="form form--plain" noValidate onSubmit={submit} aria-labelledby="lookup-heading">
        <TextField
          {...form.bind('trackingId')}
          label={labels.trackingId}
          help={t('feed.lookup.help')}
          className="field--tracking"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
        />
        <Button type="submit">{t('feed.lookup.submit')}</Button>
      </form>
    </section>
  );
}
