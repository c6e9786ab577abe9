import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import type { Problem } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useSession } from './session.tsx';
import { useFragmentToken } from './use-fragment-token.ts';

type State = { status: 'working' } | { status: 'verified' } | { status: 'failed'; problem?: Problem };

export function VerifyEmailPage() {
  const { t } = useI18n();
  const { session, refresh } = useSession();
  const token = useFragmentToken();
  const [state, setState] = useState<State>(token ? { status: 'working' } : { status: 'failed' });
  // A token works once: never post it twice (React may run effects twice in development).
  const hasPosted = useRef(false);

  useEffect(() => {
    if (!token || hasPosted.current) return;
    hasPosted.current = true;
    api
      .post<{ verified: boolean }>('/auth/verify-email', { token })
      .then(() => {
        setState({ status: 'verified' });
        void refresh();
      })
      .catch((error: unknown) => {
        setState({ status: 'failed', ...(error instanceof ApiError ? { problem: error.problem } : {}) });
      });
  }, [token, refresh]);

  const next =
    session.status === 'loading' ? null : session.status === 'signed-in' ? (
      <Link href="/beranda">{t('verify.continue')}</Link>
    ) : (
      <Link href="/masuk">{t('verify.login')}</Link>
    );

  return (
    <Page title={t('verify.title')}>
      {state.status === 'working' ? <Loading /> : null}
      <LiveRegion politeness="polite">
        {state.status === 'verified' ? (
          <Alert variant="success" title={t('verify.success')}>
            {next ? <p>{next}</p> : null}
          </Alert>
        ) : null}
      </LiveRegion>
      <LiveRegion politeness="assertive">
        {state.status === 'failed' ? (
          <Alert variant="error" title={state.problem?.title ?? t('verify.missingToken')}>
            {state.problem?.detail ? <p>{state.problem.detail}</p> : null}
          </Alert>
        ) : null}
      </LiveRegion>
    </Page>
  );
}
