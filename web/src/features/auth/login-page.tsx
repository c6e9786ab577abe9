import { useEffect } from 'react';
import { api } from '../../api.ts';
import type { LoginInput, SessionCreated } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Link, navigate } from '../../router.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorSummary } from '../../ui/error-summary.tsx';
import { Page } from '../../ui/page.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useForm } from '../../ui/use-form.ts';
import * as checks from './auth-validation.ts';
import { useSession } from './session.tsx';

const FORM_ID = 'login';

/** Where to go after logging in: ?lanjut=/lapor (a path of this site only), else the home page. */
function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('lanjut');
  return next && /^\/(?![/\\])/.test(next) ? next : '/beranda';
}
type Field = 'identifier' | 'password';

export function LoginPage() {
  const { t } = useI18n();
  const { session, signedIn } = useSession();
  const form = useForm<Field>(
    FORM_ID,
    { identifier: '', password: '' },
    { aliases: { email: 'identifier', nik: 'identifier' } },
  );
  const labels: Record<Field, string> = { identifier: t('login.identifier'), password: t('login.password') };

  useEffect(() => {
    if (session.status === 'signed-in') navigate(nextPath(window.location.search), { replace: true });
  }, [session.status]);

  const submit = form.onSubmit(
    (values) => checks.runChecks(values, { identifier: checks.required, password: checks.required }, t),
    async (values) => {
      const identifier = values.identifier.trim();
      const body: LoginInput = checks.looksLikeNik(identifier)
        ? { nik: checks.normaliseNik(identifier), password: values.password }
        : { email: identifier, password: values.password };
      const created = await api.post<SessionCreated>('/auth/login', body);
      // The effect above then leaves this page (replacing it, so Back does not return to the form).
      signedIn(created);
    },
  );

  return (
    <Page title={t('login.title')} lead={t('login.lead')}>
      <ErrorSummary ref={form.summaryRef} problem={form.problem} formId={FORM_ID} fieldLabels={labels} />
      <form className="form" noValidate onSubmit={submit} aria-label={t('login.title')}>
        <TextField
          {...form.bind('identifier')}
          label={labels.identifier}
          help={t('login.identifier.help')}
          autoComplete="username"
          spellCheck={false}
          autoCapitalize="none"
          maxLength={254}
          required
        />
        <TextField
          {...form.bind('password')}
          label={labels.password}
          {...checks.currentPasswordInput}
          required
        />
        <Button type="submit" isBusy={form.isBusy} busyLabel={t('form.sending')}>
          {t('login.submit')}
        </Button>
      </form>
      <p className="aside">
        <Link href="/lupa-sandi">{t('login.forgot')}</Link>
      </p>
      <p className="aside">
        {t('login.noAccount')} <Link href="/daftar">{t('login.registerLink')}</Link>
      </p>
    </Page>
  );
}
