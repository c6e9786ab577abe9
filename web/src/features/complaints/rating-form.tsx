import { api } from '../../api.ts';
import type { ComplaintView } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorSummary } from '../../ui/error-summary.tsx';
import { RadioGroup } from '../../ui/radio-group.tsx';
import { TextArea } from '../../ui/text-area.tsx';
import { useForm } from '../../ui/use-form.ts';

const FORM_ID = 'penilaian';
const SCORES = ['5', '4', '3', '2', '1'] as const;
const COMMENT_MAX = 2000;

/** The reporter rates the handling once, after the follow-up (POST …/rating). */
export function RatingForm({
  view,
  onRated,
}: {
  view: ComplaintView;
  onRated: (view: ComplaintView) => void;
}) {
  const { t } = useI18n();
  const form = useForm<'score' | 'comment'>(FORM_ID, { score: '', comment: '' });
  const labels = { score: t('report.rating.score'), comment: t('report.rating.comment') };

  const submit = form.onSubmit(
    (values) => {
      const errors: Partial<Record<'score' | 'comment', string>> = {};
      if (!values.score) errors.score = t('report.rating.required');
      if (values.comment.trim().length > COMMENT_MAX) {
        errors.comment = t('form.count.over', {
          over: String(values.comment.trim().length - COMMENT_MAX),
          max: String(COMMENT_MAX),
        });
      }
      return errors;
    },
    async (values) => {
      const comment = values.comment.trim();
      const updated = await api.post<ComplaintView>(
        `/complaints/${encodeURIComponent(view.trackingId)}/rating`,
        {
          score: Number(values.score),
          ...(comment ? { comment } : {}),
        },
      );
      onRated(updated);
    },
  );

  return (
    <section className="card" aria-labelledby="rating-heading">
      <h2 id="rating-heading">{t('report.rating')}</h2>
      <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={FORM_ID} fieldLabels={labels} />
      <form className="form form--plain" noValidate onSubmit={submit} aria-labelledby="rating-heading">
        <RadioGroup
          id={form.fieldId('score')}
          name="score"
          legend={labels.score}
          options={SCORES.map((score) => ({ value: score, label: t(`report.rating.${score}`) }))}
          value={form.values.score}
          error={form.fieldErrors.score}
          onChange={(score) => form.setValues((current) => ({ ...current, score }))}
        />
        <TextArea
          {...form.bind('comment')}
          label={labels.comment}
          optionalText={t('form.optional')}
          rows={3}
          maxLength={COMMENT_MAX}
        />
        <Button type="submit" isBusy={form.isBusy} busyLabel={t('form.sending')}>
          {t('report.rating.submit')}
        </Button>
      </form>
    </section>
  );
}
