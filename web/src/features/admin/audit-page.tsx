import type { AuditEntry, Items } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Alert } from '../../ui/alert.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useResource } from '../../use-resource.ts';
import { RequireSession } from '../auth/require-session.tsx';

function AuditTrail() {
  const { t, language } = useI18n();
  const audit = useResource<Items<AuditEntry>>('/admin/audit?limit=50');
  const items = audit.data?.items;
  return (
    <Page title={t('audit.title')} lead={t('audit.lead')} isWide>
      {audit.problem ? <Alert variant="error" title={audit.problem.title} /> : null}
      {audit.isLoading && !items ? <Loading /> : null}
      {items && items.length === 0 ? <p>{t('audit.empty')}</p> : null}
      {items && items.length > 0 ? (
        <DataTable caption={t('audit.title')} isWide>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('audit.requestId')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
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
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </Page>
  );
}

export function AuditPage() {
  const { t } = useI18n();
  return (
    <RequireSession scope="audit:read" title={t('audit.title')}>
      {() => <AuditTrail />}
    </RequireSession>
  );
}
