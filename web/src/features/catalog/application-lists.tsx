import { formatDateTime } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useResource } from '../../use-resource.ts';
import { Badge } from '../complaints/status-badge.tsx';
import { MyBundles } from './bundle-pages.tsx';
import { useCatalogText } from './catalog-text.ts';
import type { ApplicationSummary } from './catalog-types.ts';

/** Working days left on the current step, as a badge whose words say what the colour does. */
function DaysBadge({ item }: { item: ApplicationSummary }) {
  const { tc } = useCatalogText();
  if (item.workingDaysLeft === null) return null;
  if (item.isOverdue)
    return (
      <Badge tone="error">{tc('queue.overdue', { days: String(Math.max(1, -item.workingDaysLeft)) })}</Badge>
    );
  if (item.workingDaysLeft === 0) return <Badge tone="warn">{tc('queue.dueToday')}</Badge>;
  return (
    <Badge tone={item.workingDaysLeft <= 1 ? 'warn' : 'ok'}>
      {tc('queue.daysLeft', { days: String(item.workingDaysLeft) })}
    </Badge>
  );
}

function ApplicationTable({ items, linkBase }: { items: ApplicationSummary[]; linkBase: string }) {
  const { tc, language } = useCatalogText();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="application-table">
        <thead>
          <tr>
            <th scope="col">{tc('queue.reference')}</th>
            <th scope="col">{tc('queue.service')}</th>
            <th scope="col">{tc('application.status')}</th>
            <th scope="col">{tc('application.step')}</th>
            <th scope="col">{tc('application.due')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.referenceNumber}>
              <td>
                <Link href={`${linkBase}/${item.referenceNumber}`} className="mono">
                  {item.referenceNumber}
                </Link>
              </td>
              <td>
                {item.serviceName}
                <br />
                <span className="muted small">{item.agency}</span>
              </td>
              <td>{tc(`status.${item.status}`)}</td>
              <td>{item.stateLabel ?? '—'}</td>
              <td>
                {item.stateDueAt ? formatDateTime(language, item.stateDueAt) : '—'} <DaysBadge item={item} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /permohonan: the citizen's applications. */
export function MyApplicationsPage() {
  const { tc } = useCatalogText();
  const list = useResource<{ items: ApplicationSummary[] }>('/applications');
  return (
    <Page title={tc('application.mine')} isWide>
      {list.problem ? <p>{list.problem.title}</p> : null}
      {!list.data ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? (
        <p>
          {tc('application.none')} <Link href="/layanan">{tc('nav.services')}</Link>
        </p>
      ) : null}
      {list.data && list.data.items.length > 0 ? (
        <ApplicationTable items={list.data.items} linkBase="/permohonan" />
      ) : null}
      <MyBundles />
      <p>
        <Link href="/paket">{tc('bundle.startTitle')}</Link>
      </p>
    </Page>
  );
}

/** /petugas/permohonan: applications at a step the officer's role acts on, soonest deadline first. */
export function ApplicationQueuePage() {
  const { tc } = useCatalogText();
  const list = useResource<{ items: ApplicationSummary[] }>('/applications/queue');
  return (
    <Page title={tc('queue.title')} lead={tc('queue.lead')} isWide>
      {list.problem ? <p>{list.problem.title}</p> : null}
      {!list.data ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p>{tc('queue.empty')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <ApplicationTable items={list.data.items} linkBase="/petugas/permohonan" />
      ) : null}
    </Page>
  );
}
