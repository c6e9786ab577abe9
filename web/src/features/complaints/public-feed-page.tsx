import { type FormEvent, useEffect, useState } from 'react';
import { query } from '../../api.ts';
import type { PublicFeedPage as FeedPage, PublicFeedItem } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Link, navigate, useSearch } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { Pagination } from '../../ui/pagination.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useResource } from '../../use-resource.ts';
import {
  formatShortDate,
  isPublicStatus,
  KINDS,
  kindLabel,
  PUBLIC_STATUS_LIST,
  PUBLIC_STATUSES,
} from './complaint-labels.ts';
import { RegionPicker } from './region-picker.tsx';
import { PublicStatusBadge } from './status-badge.tsx';
import { TrackingLookup } from './tracking-lookup.tsx';
import { useRegionNames } from './use-regions.ts';

const PAGE_SIZE = 20;
const FORM_ID = 'cari-laporan';

/** Filters live in the address (?q=…&status=…&jenis=…&wilayah=…&halaman=…): Back and links keep them. */
type Filters = { q: string; status: string; jenis: string; wilayah: string };

function filtersOf(search: string): Filters & { halaman: number } {
  const parameters = new URLSearchParams(search);
  const page = Number(parameters.get('halaman'));
  return {
    q: parameters.get('q') ?? '',
    status: parameters.get('status') ?? '',
    jenis: parameters.get('jenis') ?? '',
    wilayah: parameters.get('wilayah') ?? '',
    halaman: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

function draftOf(search: string): Filters {
  const { q, status, jenis, wilayah } = filtersOf(search);
  return { q, status, jenis, wilayah };
}

function hrefOf(filters: Filters, page = 1): string {
  return `/laporan${query({ ...filters, halaman: page > 1 ? page : undefined })}`;
}

function FeedItem({ item, regionName }: { item: PublicFeedItem; regionName: string | undefined }) {
  const { t, language } = useI18n();
  return (
    <li className="report-item">
      <article aria-labelledby={`report-${item.trackingId}`}>
        <h3 className="report-item__title" id={`report-${item.trackingId}`}>
          <Link href={`/lapor/${encodeURIComponent(item.trackingId)}`}>{item.title}</Link>
        </h3>
        <p className="report-item__meta">
          <PublicStatusBadge status={item.publicStatus} /> <span>{t(kindLabel(item.kind))}</span>
          {' · '}
          <span className="mono">{item.trackingId}</span>
        </p>
        <p className="report-item__excerpt break">{item.excerpt}</p>
        <p className="report-item__meta muted">
          {[
            regionName,
            item.agency,
            t('feed.submittedAt', { date: formatShortDate(language, item.submittedAt) }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </article>
    </li>
  );
}

/** /laporan: the public feed of publik and anonim reports, with search, filters and tracking lookup. */
export function PublicFeedPage() {
  const { t, language } = useI18n();
  const search = useSearch();
  const applied = filtersOf(search);
  const [draft, setDraft] = useState<Filters>(() => draftOf(search));
  // Back and forward change the address: the form follows it.
  useEffect(() => setDraft(draftOf(search)), [search]);
  const resultsText = (data: FeedPage) =>
    data.totalExact
      ? t('feed.results', { total: String(data.total) })
      : t('feed.resultsMore', { total: data.total.toLocaleString(language === 'id' ? 'id-ID' : 'en-GB') });
  const status = isPublicStatus(applied.status) ? applied.status : undefined;
  const feed = useResource<FeedPage>(
    `/public/complaints${query({
      q: applied.q.trim() || undefined,
      status,
      kind: KINDS.find((kind) => kind === applied.jenis),
      regionCode: /^\d{2}(\.\d{2})?$/.test(applied.wilayah) ? applied.wilayah : undefined,
      page: applied.halaman,
      pageSize: PAGE_SIZE,
    })}`,
  );
  const items = feed.data?.items;
  const regionNames = useRegionNames(items?.map((item) => item.regionCode) ?? []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(hrefOf(draft));
  };
  const hasFilters = Boolean(applied.q || applied.status || applied.jenis || applied.wilayah);

  return (
    <Page title={t('feed.title')} lead={t('feed.lead')}>
      <TrackingLookup />
      <section className="card" aria-labelledby="search-heading">
        <h2 id="search-heading">{t('feed.search')}</h2>
        <search>
          <form className="form form--plain filters" onSubmit={submit} aria-labelledby="search-heading">
            <TextField
              id={`${FORM_ID}-q`}
              name="q"
              type="search"
              label={t('feed.q')}
              help={t('feed.q.help')}
              value={draft.q}
              maxLength={200}
              onChange={(event) => setDraft((current) => ({ ...current, q: event.target.value }))}
            />
            <div className="filters__row">
              <SelectField
                id={`${FORM_ID}-status`}
                label={t('feed.status')}
                value={draft.status}
                options={[
                  { value: '', label: t('feed.all') },
                  ...PUBLIC_STATUS_LIST.map((name) => ({
                    value: name,
                    label: t(PUBLIC_STATUSES[name].label),
                  })),
                ]}
                onChange={(event) => setDraft((current) => ({ ...current, status: event.target.value }))}
              />
              <SelectField
                id={`${FORM_ID}-jenis`}
                label={t('feed.kind')}
                value={draft.jenis}
                options={[
                  { value: '', label: t('feed.all') },
                  ...KINDS.map((kind) => ({ value: kind, label: t(kindLabel(kind)) })),
                ]}
                onChange={(event) => setDraft((current) => ({ ...current, jenis: event.target.value }))}
              />
            </div>
            <RegionPicker
              idPrefix={`${FORM_ID}-wilayah`}
              legend={t('report.region')}
              value={draft.wilayah}
              onChange={(code) => setDraft((current) => ({ ...current, wilayah: code }))}
              depth={2}
              isFilter
            />
            <div className="actions">
              <Button type="submit">{t('feed.submit')}</Button>
              {hasFilters ? (
                <Link
                  href="/laporan"
                  className="button button--secondary"
                  onClick={() => setDraft({ q: '', status: '', jenis: '', wilayah: '' })}
                >
                  {t('feed.reset')}
                </Link>
              ) : null}
            </div>
          </form>
        </search>
      </section>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{feed.data ? resultsText(feed.data) : t('feed.title')}</h2>
        <LiveRegion politeness="polite">
          {feed.data && !feed.isLoading ? <p className="visually-hidden">{resultsText(feed.data)}</p> : null}
        </LiveRegion>
        {feed.problem ? <Alert variant="error" title={feed.problem.title} /> : null}
        {feed.isLoading && !items ? <Loading /> : null}
        {items && items.length === 0 ? <p>{t('feed.empty')}</p> : null}
        {items && items.length > 0 ? (
          <ul className="report-list" aria-busy={feed.isLoading || undefined}>
            {items.map((item) => (
              <FeedItem key={item.trackingId} item={item} regionName={regionNames.get(item.regionCode)} />
            ))}
          </ul>
        ) : null}
        {feed.data ? (
          <Pagination
            page={feed.data.page}
            pageSize={feed.data.pageSize}
            total={
              // Past the counted matches, a next page stays reachable while there is one.
              feed.data.hasMore ? Math.max(feed.data.total, feed.data.page * PAGE_SIZE + 1) : feed.data.total
            }
            hrefFor={(page) => hrefOf(applied, page)}
          />
        ) : null}
      </section>
    </Page>
  );
}
