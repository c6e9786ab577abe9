import { useState } from 'react';
import { ApiError, api } from '../../api.ts';
import type { Me, Problem } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Page } from '../../ui/page.tsx';
import { MyReports } from '../complaints/my-reports.tsx';

function ResendVerification({ email }: { email: string }) {
  const { t } = useI18n();
  const [isBusy, setBusy] = useState(false);
  const [isSent, setSent] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  const resend = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post<{ queued: boolean }>('/auth/resend-verification');
      setSent(true);
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? error.problem
          : { type: '', title: t('error.unexpected'), status: 0, code: 'UNEXPECTED' },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <p>{t('home.unverifiedHelp')}</p>
      <LiveRegion politeness="polite">
        {isSent ? <Alert variant="success" title={t('home.resent', { email })} /> : null}
      </LiveRegion>
      <LiveRegion politeness="assertive">
        {problem ? <Alert variant="error" title={problem.title} /> : null}
      </LiveRegion>
      <Button variant="secondary" onClick={resend} isBusy={isBusy} busyLabel={t('form.sending')}>
        {t('home.resend')}
      </Button>
    </div>
  );
}

/** A citizen's home: the profile as the platform holds it, identifiers masked. */
export function CitizenHome({ user }: { user: Me }) {
  const { t } = useI18n();
  return (
    <Page title={t('home.title')} lead={t('home.welcome', { name: user.name })}>
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('home.profile')}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t('home.name')}</dt>
            <dd data-testid="profile-name">{user.name}</dd>
          </div>
          <div>
            <dt>{t('home.nik')}</dt>
            <dd className="mono" data-testid="profile-nik">
              {user.nikMasked ?? t('home.none')}
            </dd>
          </div>
          <div>
            <dt>{t('home.email')}</dt>
            <dd className="break">{user.email}</dd>
          </div>
          <div>
            <dt>{t('home.emailStatus')}</dt>
            <dd>
              <span className={`badge ${user.emailVerified ? 'badge--ok' : 'badge--warn'}`}>
                {user.emailVerified ? t('home.verified') : t('home.unverified')}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('home.phone')}</dt>
            <dd className="mono">{user.phoneMasked ?? t('home.none')}</dd>
          </div>
        </dl>
        {user.emailVerified ? null : <ResendVerification email={user.email} />}
      </section>
      {user.scopes.includes('complaints:submit') ? <MyReports userId={user.id} /> : null}
    </Page>
  );
}
