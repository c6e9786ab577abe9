import { type FormEvent, useEffect, useState } from 'react';
import { query } from '../../api.ts';
import type { PageOf, QueueItem, QueueName } from '../../contracts.ts';
import type { MessageKey } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Link, navigate, useSearch } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { Pagination } from '../../ui/pagination.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useResource } from '../../use-resource.ts';
import { RequireSession } from '../auth/require-session.tsx';
import {
  formatDueDate,
  formatShortDate,
  kindLabel,
  privacyLabel,
  STATUS_LABELS,
} from './complaint-labels.ts';
import { useDuplicatesText } from './duplicates-text.ts';
import { PublicStatusBadge, SlaBadge } from './status-badge.tsx';

const PAGE_SIZE = 20;

const QUEUES: Record<QueueName, { label: MessageKey; order: number }> = {
  verifikasi: { label: 'queue.verifikasi', order: 0 },
  disposisi: { label: 'queue.disposisi', order: 1 },
  tindak_lanjut: { label: 'queue.tindak_lanjut', order: 2 },
  terlambat: { label: 'queue.terlambat', order: 3 },
  semua: { label: 'queue.semua', order: 4 },
};
const QUEUE_LIST = (Object.keys(QUEUES) as QueueName[]).sort((a, b) => QUEUES[a].order - QUEUES[b].order);

/** The queue an officer most likely works in, by role. */
function defaultQueue(role: string | null): QueueName {
  switch (role) {
    case 'admin-nasional':
      return 'verifikasi';
    case 'admin-instansi':
      return 'disposisi';
    case 'penghubung':
      return 'tindak_lanjut';
    default:
      return 'semua';
  }
}

function isQueue(value: string | null): value is QueueName {
  return value !== null && Object.hasOwn(QUEUES, value);
}

type State = { queue: QueueName; q: string; page: number };

function stateOf(search: string, fallback: QueueName): State {
  const parameters = new URLSearchParams(search);
  const queue = parameters.get('antrian');
  const page = Number(parameters.get('halaman'));
  return {
    queue: isQueue(queue) ? queue : fallback,
    q: parameters.get('q') ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

function hrefOf(state: State): string {
  return `/petugas/laporan${query({ antrian: state.queue, q: state.q.trim(), halaman: state.page > 1 ? state.page : undefined })}`;
}

function Queue({ role }: { role: string | null }) {
  const { t, language } = useI18n();
  const d = useDuplicatesText();
  const search = useSearch();
  const state = stateOf(search, defaultQueue(role));
  const [text, setText] = useState(state.q);
  useEffect(() => setText(stateOf(search, 'semua').q), [search]);
  const result = useResource<PageOf<QueueItem>>(
    `/complaints/queue${query({ queue: state.queue, q: state.q.trim(), page: state.page, pageSize: PAGE_SIZE })}`,
  );
  const items = result.data?.items;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(hrefOf({ ...state, q: text, page: 1 }));
  };

  return (
    <Page title={t('queue.title')} lead={t('queue.lead')} isWide>
      <nav className="tabs" aria-label={t('queue.tabs')}>
        <ul className="tabs__list">
          {QUEUE_LIST.map((queue) => (
            <li key={queue}>
              <Link
                href={hrefOf({ queue, q: state.q, page: 1 })}
                className="tabs__tab"
                aria-current={queue === state.queue ? 'page' : undefined}
              >
                {t(QUEUES[queue].label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {role === 'admin-nasional' || role === 'admin-instansi' ? (
        <p>
          <Link href="/petugas/duplikat">{d('merge.queueLink')}</Link>
        </p>
      ) : null}
      <p>
        {t('queue.export')} <a href="/api/v1/statistics/export?format=csv">CSV</a> ·{' '}
        <a href="/api/v1/statistics/export?format=xlsx">XLSX</a>
      </p>
      <search>
        <form className="search-form" onSubmit={submit} aria-label={t('queue.q')}>
          <TextField
            id="antrian-q"
            type="search"
            label={t('queue.q')}
            help={t('queue.q.help')}
            value={text}
            maxLength={200}
            onChange={(event) => setText(event.target.value)}
          />
          <Button type="submit">{t('queue.submit')}</Button>
        </form>
      </search>
      <LiveRegion politeness="polite">
        {result.data && !result.isLoading ? (
          <p className="visually-hidden">{t('queue.results', { total: String(result.data.total) })}</p>
        ) : null}
      </LiveRegion>
      {result.problem ? <Alert variant="error" title={result.problem.title} /> : null}
      {result.isLoading && !items ? <Loading /> : null}
      {items && items.length === 0 ? <p>{t('queue.empty')}</p> : null}
      {items && items.length > 0 ? (
        <>
          <p className="muted">{t('queue.results', { total: String(result.data?.total ?? 0) })}</p>
          <DataTable caption={`${t('queue.title')}: ${t(QUEUES[state.queue].label)}`} isWide>
            <thead>
              <tr>
                <th scope="col">{t('queue.report')}</th>
                <th scope="col">{t('queue.status')}</th>
                <th scope="col">{t('queue.due')}</th>
                <th scope="col">{t('queue.agency')}</th>
                <th scope="col">{t('queue.submittedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.trackingId} data-tracking-id={item.trackingId}>
                  <td className="cell-wide">
                    <Link href={`/petugas/laporan/${encodeURIComponent(item.trackingId)}`}>{item.title}</Link>
                    <span className="block muted small">
                      <span className="mono">{item.trackingId}</span> · {t(kindLabel(item.kind))} ·{' '}
                      {t(privacyLabel(item.privacy))}
                    </span>
                  </td>
                  <td>
                    <PublicStatusBadge status={item.publicStatus} />
                    <span className="block muted small">{t(STATUS_LABELS[item.status])}</span>
                  </td>
                  <td>
                    <SlaBadge sla={item.sla} />
                    {item.dueAt ? (
                      <span className="block small">{formatDueDate(language, item.dueAt)}</span>
                    ) : null}
                  </td>
                  <td>{item.agency ?? t('report.notYet')}</td>
                  <td className="nowrap">{formatShortDate(language, item.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </>
      ) : null}
      {result.data ? (
        <Pagination
          page={result.data.page}
          pageSize={result.data.pageSize}
          total={result.data.total}
          hrefFor={(page) => hrefOf({ ...state, page })}
        />
      ) : null}
    </Page>
  );
}

/** /petugas/laporan: the officer's work queues with SLA badges (scope complaints:read). */
export function OfficerQueuePage() {
  const { t } = useI18n();
  return (
    <RequireSession scope="complaints:read" title={t('queue.title')}>
      {(user) => <Queue role={user.role} />}
    </RequireSession>
  );
}
