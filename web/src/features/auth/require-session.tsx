import { type ReactNode, useEffect } from 'react';
import type { Me } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { navigate } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useSession } from './session.tsx';

/**
 * Renders its children for a logged-in user holding `scope` (if given); sends anyone else to the
 * log-in page, and tells a user without the scope that the page is not for them.
 */
export function RequireSession({
  scope,
  title,
  children,
}: {
  scope?: string;
  /** Title of the page shown when the scope is missing. */
  title?: string;
  children: (user: Me) => ReactNode;
}) {
  const { t } = useI18n();
  const { session } = useSession();

  useEffect(() => {
    if (session.status === 'anonymous') navigate('/masuk', { replace: true });
  }, [session.status]);

  if (session.status !== 'signed-in') return <Loading />;
  if (scope && !session.user.scopes.includes(scope)) {
    return (
      <Page title={title ?? t('access.forbidden')}>
        <Alert variant="error" title={t('access.forbidden')} />
      </Page>
    );
  }
  return <>{children(session.user)}</>;
}
