import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import type { RegisterCitizen, Registered } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorSummary } from '../../ui/error-summary.tsx';
import { Page } from '../../ui/page.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useForm } from '../../ui/use-form.ts';
import * as checks from './auth-validation.ts';

const FORM_ID = 'register';
type Field = 'nik' | 'name' | 'email' | 'password' | 'phone';

function RegisteredConfirmation({ registered }: { registered: Registered }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert ref={ref} variant="success" title={t('register.success.title')}>
      <p>{t('register.success.text', { email: registered.email })}</p>
      <dl className="summary-list">
        <div>
          <dt>{t('register.success.name')}</dt>
          <dd>{registered.name}</dd>
        </div>
        <div>
          <dt>{t('register.success.nik')}</dt>
          <dd className="mono" data-testid="nik-masked">
            {registered.nikMasked}
          </dd>
        </div>
      </dl>
      {registered.warnings.length > 0 ? (
        <div className="alert alert--warning alert--nested">
          <p className="alert__title">{t('register.success.warnings')}</p>
          <ul>
            {registered.warnings.map((warning) => (
              <li key={`${warning.field}-${warning.code}`}>{warning.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>
        <Link href="/masuk" className="button button--primary">
          {t('register.success.login')}
        </Link>
      </p>
    </Alert>
  );
}

export function RegisterPage() {
  const { t } = useI18n();
  const [registered, setRegistered] = useState<Registered | undefined>();
  const form = useForm<Field>(
    FORM_ID,
    { nik: '', name: '', email: '', password: '', phone: '' },
    { codeFields: { EMAIL_TAKEN: 'email', NIK_TAKEN: 'nik' } },
  );
  const labels: Record<Field, string> = {
    nik: t('register.nik'),
    name: t('register.name'),
    email: t('register.email'),
    password: t('register.password'),
    phone: t('register.phone'),
  };

  const submit = form.onSubmit(
    (values) =>
      checks.runChecks(
        values,
        {
          nik: checks.nik,
          name: checks.personName,
          email: checks.email,
          password: checks.newPassword,
          phone: checks.optionalPhone,
        },
        t,
      ),
    async (values) => {
      const body: RegisterCitizen = {
        nik: checks.normaliseNik(values.nik),
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
      };
      setRegistered(await api.post<Registered>('/auth/register', body));
    },
  );

  return (
    <Page title={t('register.title')} lead={registered ? undefined : t('register.lead')}>
      <LiveRegion politeness="polite">
        {registered ? <RegisteredConfirmation registered={registered} /> : null}
      </LiveRegion>
      {registered ? null : (
        <>
          <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={FORM_ID} fieldLabels={labels} />
          <form className="form" noValidate onSubmit={submit} aria-label={t('register.title')}>
            <TextField
              {...form.bind('nik')}
              label={labels.nik}
              help={t('register.nik.help')}
              inputMode="numeric"
              autoComplete="off"
              maxLength={20}
              spellCheck={false}
              className="field--nik"
              required
            />
            <TextField
              {...form.bind('name')}
              label={labels.name}
              help={t('register.name.help')}
              autoComplete="name"
              maxLength={120}
              required
            />
            <TextField
              {...form.bind('email')}
              label={labels.email}
              help={t('register.email.help')}
              {...checks.emailInput}
              required
            />
            <TextField
              {...form.bind('password')}
              label={labels.password}
              help={t('register.password.help')}
              {...checks.newPasswordInput}
              required
            />
            <TextField
              {...form.bind('phone')}
              label={labels.phone}
              optionalText={t('form.optional')}
              help={t('register.phone.help')}
              type="tel"
              autoComplete="tel"
              maxLength={20}
            />
            <Button type="submit" isBusy={form.isBusy} busyLabel={t('form.sending')}>
              {t('register.submit')}
            </Button>
          </form>
          <p className="aside">
            {t('register.haveAccount')} <Link href="/masuk">{t('register.loginLink')}</Link>
          </p>
        </>
      )}
    </Page>
  );
}
