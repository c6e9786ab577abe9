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
import { useFragmentToken } from './use-fragment-token.ts';

const FORM_ID = 'reset';
type Field = 'password' | 'confirmation';

export function ResetPasswordPage() {
  const { t } = useI18n();
  const token = useFragmentToken();
  const [isDone, setDone] = useState(false);
  const form = useForm<Field>(FORM_ID, { password: '', confirmation: '' });
  const labels: Record<Field, string> = { password: t('reset.password'), confirmation: t('reset.confirm') };

  const submit = form.onSubmit(
    (values) => {
      const errors = checks.runChecks(
        values,
        { password: checks.newPassword, confirmation: checks.required },
        t,
      );
      if (!errors.confirmation && values.confirmation !== values.password)
        errors.confirmation = t('reset.mismatch');
      return errors;
    },
    async (values) => {
      await api.post<{ reset: boolean }>('/auth/password-reset/confirm', {
        token,
        password: values.password,
      });
      setDone(true);
    },
  );

  if (!token) {
    return (
      <Page title={t('reset.title')}>
        <LiveRegion politeness="assertive">
          <Alert variant="error" title={t('reset.missingToken')}>
            <p>
              <Link href="/lupa-sandi">{t('reset.requestNew')}</Link>
            </p>
          </Alert>
        </LiveRegion>
      </Page>
    );
  }

  return (
    <Page title={t('reset.title')} lead={isDone ? undefined : t('reset.lead')}>
      <LiveRegion politeness="polite">
        {isDone ? (
          <Alert variant="success" title={t('reset.success')}>
            <p>
              <Link href="/masuk">{t('verify.login')}</Link>
            </p>
          </Alert>
        ) : null}
      </LiveRegion>
      {isDone ? null : (
        <>
          <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={FORM_ID} fieldLabels={labels} />
          {form.problem?.code === 'TOKEN_INVALID' ? (
            <p className="aside">
              <Link href="/lupa-sandi">{t('reset.requestNew')}</Link>
            </p>
          ) : null}
          <form className="form" noValidate onSubmit={submit} aria-label={t('reset.title')}>
            <TextField
              {...form.bind('password')}
              label={labels.password}
              help={t('reset.password.help')}
              {...checks.newPasswordInput}
              required
            />
            <TextField
              {...form.bind('confirmation')}
              label={labels.confirmation}
              {...checks.newPasswordInput}
              required
            />
            <Button type="submit" isBusy={form.isBusy} busyLabel={t('form.sending')}>
              {t('reset.submit')}
            </Button>
          </form>
        </>
      )}
    </Page>
  );
}
