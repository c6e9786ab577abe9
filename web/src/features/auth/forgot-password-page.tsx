import { useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorSummary } from '../../ui/error-summary.tsx';
import { Page } from '../../ui/page.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useForm } from '../../ui/use-form.ts';
import * as checks from './auth-validation.ts';

const FORM_ID = 'forgot';

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [sentTo, setSentTo] = useState<string | undefined>();
  const form = useForm<'email'>(FORM_ID, { email: '' });
  const labels = { email: t('forgot.email') };

  const submit = form.onSubmit(
    (values) => checks.runChecks(values, { email: checks.email }, t),
    async (values) => {
      const email = values.email.trim();
      // The answer is the same whether or not the address has an account.
      await api.post<{ queued: boolean }>('/auth/password-reset/request', { email });
      setSentTo(email);
    },
  );

  return (
    <Page title={t('forgot.title')} lead={sentTo ? undefined : t('forgot.lead')}>
      <LiveRegion politeness="polite">
        {sentTo ? (
          <Alert variant="success" title={t('forgot.sent', { email: sentTo })}>
            <p>
              <Link href="/masuk">{t('forgot.back')}</Link>
            </p>
          </Alert>
        ) : null}
      </LiveRegion>
      {sentTo ? null : (
        <>
          <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={FORM_ID} fieldLabels={labels} />
          <form className="form" noValidate onSubmit={submit} aria-label={t('forgot.title')}>
            <TextField {...form.bind('email')} label={labels.email} {...checks.emailInput} required />
            <Button type="submit" isBusy={form.isBusy} busyLabel={t('form.sending')}>
              {t('forgot.submit')}
            </Button>
          </form>
          <p className="aside">
            <Link href="/masuk">{t('forgot.back')}</Link>
          </p>
        </>
      )}
    </Page>
  );
}
