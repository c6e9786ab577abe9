import type { MailSummary } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { AdminTablePage } from './admin-table-page.tsx';

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

export function MailboxPage() {
  const { t, language } = useI18n();
  return (
    <AdminTablePage<MailSummary>
      scope="mailbox:read"
      title={t('mailbox.title')}
      lead={t('mailbox.lead')}
      empty={t('mailbox.empty')}
      path="/admin/mailbox?limit=100"
      columns={[t('mailbox.subject'), t('mailbox.recipient'), t('mailbox.createdAt'), t('mailbox.status')]}
      row={(mail) => (
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
      )}
    />
  );
}
