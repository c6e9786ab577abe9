import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import type { ComplaintView } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Loading } from '../../ui/loading.tsx';
import { rememberedReports } from './complaint-storage.ts';
import { PublicStatusBadge } from './status-badge.tsx';

const SHOWN = 10;

type Entry = { trackingId: string; view: ComplaintView | undefined };

/**
 * "Laporan saya" on the citizen's home: the reports filed from this device (there is no list
 * endpoint), each read fresh from the server so titles and statuses are current.
 */
export function MyReports({ userId }: { userId: string }) {
  const { t } = useI18n();
  const [entries, setEntries] = useState<Entry[] | undefined>();

  useEffect(() => {
    let isCurrent = true;
    const ids = rememberedReports(userId).slice(0, SHOWN);
    Promise.all(
      ids.map((trackingId) =>
        api
          .get<ComplaintView>(`/complaints/${encodeURIComponent(trackingId)}`)
          .then((view) => ({ trackingId, view }))
          .catch(() => ({ trackingId, view: undefined })),
      ),
    ).then((loaded) => {
      if (isCurrent) setEntries(loaded);
    });
    return () => {
      isCurrent = false;
    };
  }, [userId]);

  return (
    <section className="card" aria-labelledby="my-reports-heading">
      <h2 id="my-reports-heading">{t('mine.title')}</h2>
      {entries === undefined ? <Loading /> : null}
      {entries && entries.length === 0 ? <p>{t('mine.empty')}</p> : null}
      {entries && entries.length > 0 ? (
        <ul className="my-reports">
          {entries.map(({ trackingId, view }) => (
            <li key={trackingId}>
              <Link href={`/lapor/${encodeURIComponent(trackingId)}`}>{view?.title ?? trackingId}</Link>{' '}
              {view ? <PublicStatusBadge status={view.publicStatus} /> : null}
              <span className="block muted small mono">{trackingId}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted small">{t('mine.help')}</p>
      <p>
        <Link href="/lapor" className="button button--primary">
          {t('mine.new')}
        </Link>
      </p>
    </section>
  );
}
