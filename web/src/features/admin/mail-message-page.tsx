import type { MailMessage } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useResource } from '../../use-resource.ts';
import { RequireSession } from '../auth/require-session.tsx';
import { LinkifiedText } from './linkified-text.tsx';
import { MailStatus } from './mailbox-page.tsx';

function MailMessageView({ id }: { id: string }) {
  const { t, language } = useI18n();
  const message = useResource<MailMessage>(`/admin/mailbox/${encodeURIComponent(id)}`);
  const mail = message.data;
  return (
    <Page title={mail?.subject ?? t('mailbox.title')}>
      <p>
        <Link href="/admin/surat">← {t('mailbox.back')}</Link>
      </p>
      {message.problem ? <Alert variant="error" title={message.problem.title} /> : null}
      {message.isLoading && !mail ? <Loading /> : null}
      {mail ? (
        <>
          <dl className="summary-list">
            <div>
              <dt>{t('mailbox.recipient')}</dt>
              <dd className="break">{mail.recipient}</dd>
            </div>
            <div>
              <dt>{t('mailbox.createdAt')}</dt>
              <dd>{formatDateTime(language, mail.createdAt)}</dd>
            </div>
            <div>
              <dt>{t('mailbox.status')}</dt>
              <dd>
                <MailStatus mail={mail} />
              </dd>
            </div>
            {mail.sentAt ? (
              <div>
                <dt>{t('mailbox.sentAt')}</dt>
                <dd>{formatDateTime(language, mail.sentAt)}</dd>
              </div>
            ) : null}
            {mail.deliveredTo ? (
              <div>
                <dt>{t('mailbox.deliveredTo')}</dt>
                <dd className="break">{mail.deliveredTo}</dd>
              </div>
            ) : null}
          </dl>
          <h2>{t('mailbox.body')}</h2>
          <pre className="mail-body">
            <LinkifiedText text={mail.bodyText} />
          </pre>
        </>
      ) : null}
    </Page>
  );
}

export function MailMessagePage({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <RequireSession scope="mailbox:read" title={t('mailbox.title')}>
      {() => <MailMessageView id={id} />}
    </RequireSession>
  );
}
