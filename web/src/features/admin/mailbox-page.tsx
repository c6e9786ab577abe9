import type { Items, MailSummary } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useResource } from '../../use-resource.ts';
import { RequireSession } from '../auth/require-session.tsx';

export function MailStatus({ mail }: { mail: MailSummary }) {
  const { t } = useI18n();
  if (mail.lastError && !mail.sentAt)
    return <span className="badge badge--error">{t('mailbox.failed', { error: mail.lastError })}</span>;
  return mail.sentAt ? (
    <span className="badge badge--ok">{t('mailbox.sent')}</span>
  ) : (
    <span className="badge badge--warn">{t('mailbox.pending')}</span>
  );
}

function Mailbox() {
  const { t, language } = useI18n();
  const mailbox = useResource<Items<MailSummary>>('/admin/mailbox?limit=100');
  const items = mailbox.data?.items;
  return (
    <Page title={t('mailbox.title')} lead={t('mailbox.lead')} isWide>
      {mailbox.problem ? <Alert variant="error" title={mailbox.problem.title} /> : null}
      {mailbox.isLoading && !items ? <Loading /> : null}
      {items && items.length === 0 ? <p>{t('mailbox.empty')}</p> : null}
      {items && items.length > 0 ? (
        <DataTable caption={t('mailbox.title')} isWide>
          <thead>
            <tr>
              <th scope="col">{t('mailbox.subject')}</th>
              <th scope="col">{t('mailbox.recipient')}</th>
              <th scope="col">{t('mailbox.createdAt')}</th>
              <th scope="col">{t('mailbox.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((mail) => (
              <tr key={mail.id}>
                <td className="cell-wide">
                  <Link href={`/admin/surat/${encodeURIComponent(mail.id)}`}>{mail.subject}</Link>
                </td>
                <td>{mail.recipient}</td>
                <td className="nowrap">{formatDateTime(language, mail.createdAt)}</td>
                <td>
                  <MailStatus mail={mail} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </Page>
  );
}

export function MailboxPage() {
  const { t } = useI18n();
  return (
    <RequireSession scope="mailbox:read" title={t('mailbox.title')}>
      {() => <Mailbox />}
    </RequireSession>
  );
}
