import type { AuditEntry } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { AdminTablePage } from './admin-table-page.tsx';

export function AuditPage() {
  const { t, language } = useI18n();
  return (
    <AdminTablePage<AuditEntry>
      scope="audit:read"
      title={t('audit.title')}
      lead={t('audit.lead')}
      empty={t('audit.empty')}
      path="/admin/audit?limit=50"
      columns={[
        t('audit.at'),
        t('audit.action'),
        t('audit.actor'),
        t('audit.target'),
        t('audit.requestId'),
        t('audit.details'),
      ]}
      row={(entry) => (
        <tr key={entry.id}>
          <td className="nowrap">{formatDateTime(language, entry.at)}</td>
          <td className="mono">{entry.action}</td>
          <td>
            {entry.actorRole ?? t('audit.system')}
            {entry.actorId ? <span className="mono muted block">{entry.actorId}</span> : null}
          </td>
          <td>
            {entry.targetType}
            {entry.targetId ? <span className="mono muted block">{entry.targetId}</span> : null}
          </td>
          <td className="mono muted">{entry.requestId ?? t('home.none')}</td>
          <td>
            {Object.keys(entry.details).length > 0 ? (
              <code className="details">{JSON.stringify(entry.details)}</code>
            ) : (
              t('home.none')
            )}
          </td>
        </tr>
      )}
    />
  );
}
