import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { query } from '../../api.ts';
import type { BreakdownRow, StatisticsOverview } from '../../contracts.ts';
import { formatDateTime, type MessageKey } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Link, navigate, useSearch } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useResource } from '../../use-resource.ts';
import { RegionPicker } from '../complaints/region-picker.tsx';

const FORM_ID = 'saring-statistik';
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const REGION = /^\d{2}(\.\d{2})?$/;
/** Bars beyond this many make a chart unreadable on a phone; the table has them all. */
const CHART_ROWS = 10;

/** Filters live in the address (?dari=…&sampai=…&wilayah=…&instansi=…), so a view can be shared. */
type Filters = { dari: string; sampai: string; wilayah: string; instansi: string };

function filtersOf(search: string): Filters {
  const parameters = new URLSearchParams(search);
  return {
    dari: parameters.get('dari') ?? '',
    sampai: parameters.get('sampai') ?? '',
    wilayah: parameters.get('wilayah') ?? '',
    instansi: parameters.get('instansi') ?? '',
  };
}

/** The API's names for the filters that are well formed (the server answers 400 to the others). */
function apiFilters(filters: Filters) {
  return {
    from: MONTH.test(filters.dari) ? filters.dari : undefined,
    to: MONTH.test(filters.sampai) ? filters.sampai : undefined,
    regionCode: REGION.test(filters.wilayah) ? filters.wilayah : undefined,
    agencyCode: filters.instansi || undefined,
  };
}

const SUPPRESSED = '<5';
const show = (value: number | null, suffix = '') => (value === null ? SUPPRESSED : `${value}${suffix}`);

function CsvLink({ table, filters, caption }: { table: string; filters: Filters; caption: string }) {
  const { t } = useI18n();
  return (
    <a
      className="button button--secondary"
      href={`/api/v1/statistics/tables/${table}${query({ ...apiFilters(filters), format: 'csv' })}`}
      download={`statistik-${table}.csv`}
    >
      {t('stats.csv', { caption })}
    </a>
  );
}

/**
 * A chart with its numbers as a table beside it and the CSV. The chart is a picture of the table:
 * hidden from assistive technology (and not focusable), the table is the accessible version.
 */
function ChartSection({
  id,
  caption,
  table,
  filters,
  chart,
  children,
}: {
  id: string;
  caption: string;
  table: string;
  filters: Filters;
  chart?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section className="card stats-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{caption}</h2>
      {chart ? (
        <figure className="stats-chart" aria-label={t('stats.chartOf', { caption })}>
          <div aria-hidden="true" className="stats-chart__canvas">
            {chart}
          </div>
        </figure>
      ) : null}
      {children}
      <p className="actions">
        <CsvLink table={table} filters={filters} caption={caption} />
      </p>
    </section>
  );
}

function BreakdownTable({
  caption,
  rows,
  total,
}: {
  caption: string;
  rows: BreakdownRow[];
  total: number | null;
}) {
  const { t } = useI18n();
  return (
    <DataTable caption={caption}>
      <thead>
        <tr>
          <th scope="col">{t('stats.col.name')}</th>
          <th scope="col" className="numeric">
            {t('stats.col.reports')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key || row.label}>
            <th scope="row">{row.label}</th>
            <td className="numeric">{show(row.count)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="numeric">{show(total)}</td>
        </tr>
      </tfoot>
    </DataTable>
  );
}

function Bars({ rows }: { rows: Array<{ label: string; value: number | null }> }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 32 + 40)}>
      <BarChart
        accessibilityLayer={false}
        data={rows}
        layout="vertical"
        margin={{ left: 8, right: 24, top: 8, bottom: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Bar dataKey="value" fill="#0b5cad" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

function breakdownBars(rows: BreakdownRow[]) {
  return rows.slice(0, CHART_ROWS).map((row) => ({ label: row.label, value: row.count }));
}

const LEAGUE_COLUMNS: Array<{
  key: MessageKey;
  value: (row: StatisticsOverview['league'][number]) => string;
}> = [
  { key: 'stats.col.reports', value: (row) => show(row.reports) },
  { key: 'stats.col.verifiedInTime', value: (row) => show(row.verifiedInTimePercent, ' %') },
  { key: 'stats.col.completedInTime', value: (row) => show(row.completedInTimePercent, ' %') },
  { key: 'stats.col.medianVerify', value: (row) => show(row.medianDaysToVerify) },
  { key: 'stats.col.medianComplete', value: (row) => show(row.medianDaysToComplete) },
  { key: 'stats.col.bounces', value: (row) => show(row.bounces) },
  { key: 'stats.col.transfers', value: (row) => show(row.transfers) },
  { key: 'stats.col.reopened', value: (row) => show(row.reopened) },
  { key: 'stats.col.confirmed', value: (row) => show(row.confirmed) },
  { key: 'stats.col.silence', value: (row) => show(row.closedBySilence) },
  { key: 'stats.col.rating', value: (row) => show(row.averageRating) },
];

/** /statistik: public statistics with charts, tables and CSV; no login. */
export function StatisticsPage() {
  const { t, language } = useI18n();
  const search = useSearch();
  const applied = filtersOf(search);
  const [draft, setDraft] = useState<Filters>(applied);
  useEffect(() => setDraft(filtersOf(search)), [search]);
  const overview = useResource<StatisticsOverview>(`/statistics${query(apiFilters(applied))}`);
  const data = overview.data;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(`/statistik${query({ ...draft })}`);
  };
  const hasFilters = Object.values(applied).some(Boolean);
  const agencyOptions = [
    { value: '', label: t('feed.all') },
    ...(data?.league ?? []).map((row) => ({ value: row.agencyCode, label: row.agencyName })),
    ...(applied.instansi && !data?.league.some((row) => row.agencyCode === applied.instansi)
      ? [{ value: applied.instansi, label: applied.instansi }]
      : []),
  ];

  return (
    <Page title={t('stats.title')} lead={t('stats.lead')} isWide>
      <section className="card" aria-labelledby={`${FORM_ID}-heading`}>
        <h2 id={`${FORM_ID}-heading`}>{t('stats.filters')}</h2>
        <form className="form form--plain filters" onSubmit={submit} aria-labelledby={`${FORM_ID}-heading`}>
          <div className="filters__row">
            <TextField
              id={`${FORM_ID}-dari`}
              type="month"
              label={t('stats.from')}
              value={draft.dari}
              onChange={(event) => setDraft((current) => ({ ...current, dari: event.target.value }))}
            />
            <TextField
              id={`${FORM_ID}-sampai`}
              type="month"
              label={t('stats.to')}
              value={draft.sampai}
              onChange={(event) => setDraft((current) => ({ ...current, sampai: event.target.value }))}
            />
            <SelectField
              id={`${FORM_ID}-instansi`}
              label={t('stats.agency')}
              value={draft.instansi}
              options={agencyOptions}
              onChange={(event) => setDraft((current) => ({ ...current, instansi: event.target.value }))}
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
            <Button type="submit">{t('stats.apply')}</Button>
            {hasFilters ? (
              <Link href="/statistik" className="button button--secondary">
                {t('stats.reset')}
              </Link>
            ) : null}
          </div>
        </form>
      </section>

      {overview.problem ? <Alert variant="error">{overview.problem.title}</Alert> : null}
      {overview.isLoading && !data ? <Loading /> : null}
      {data ? (
        <>
          <section className="card stats-summary" aria-live="polite">
            <p>
              <span className="stats-summary__label">{t('stats.total')}: </span>
              <strong className="stats-summary__number">{show(data.total)}</strong>
            </p>
            {data.refreshedAt ? (
              <p className="muted">
                {t('stats.refreshed', { date: formatDateTime(language, data.refreshedAt) })}
              </p>
            ) : null}
            <p className="muted">{t('stats.suppressed')}</p>
          </section>
          {data.total === 0 ? <Alert variant="info">{t('stats.empty')}</Alert> : null}

          <ChartSection
            id="stats-league"
            caption={t('stats.league')}
            table="league"
            filters={applied}
            chart={
              data.league.length > 0 ? (
                <Bars
                  rows={data.league
                    .slice(0, CHART_ROWS)
                    .map((row) => ({ label: row.agencyName, value: row.completedInTimePercent }))}
                />
              ) : undefined
            }
          >
            <p className="muted">{t('stats.league.lead')}</p>
            <DataTable caption={t('stats.league')} isWide>
              <thead>
                <tr>
                  <th scope="col">{t('stats.agency')}</th>
                  {LEAGUE_COLUMNS.map((column) => (
                    <th scope="col" className="numeric" key={column.key}>
                      {t(column.key)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.league.map((row) => (
                  <tr key={row.agencyCode}>
                    <th scope="row">{row.agencyName}</th>
                    {LEAGUE_COLUMNS.map((column) => (
                      <td className="numeric" key={column.key}>
                        {column.value(row)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </DataTable>
          </ChartSection>

          <ChartSection
            id="stats-month"
            caption={t('stats.byMonth')}
            table="month"
            filters={applied}
            chart={
              data.tables.month.length > 0 ? (
                <ResponsiveContainer width="100%" height={240}>
                  <LineChart
                    accessibilityLayer={false}
                    data={data.tables.month.map((row) => ({ label: row.label, value: row.count }))}
                    margin={{ left: 8, right: 24, top: 8, bottom: 8 }}
                  >
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Line
                      type="monotone"
                      dataKey="value"
                      stroke="#0b5cad"
                      strokeWidth={2}
                      isAnimationActive={false}
                    />
                  </LineChart>
                </ResponsiveContainer>
              ) : undefined
            }
          >
            <details>
              <summary>{t('stats.showTable', { caption: t('stats.byMonth') })}</summary>
              <BreakdownTable caption={t('stats.byMonth')} rows={data.tables.month} total={data.total} />
            </details>
          </ChartSection>

          {(
            [
              ['status', 'stats.byStatus'],
              ['kind', 'stats.byKind'],
              ['category', 'stats.byCategory'],
              ['region', 'stats.byRegion'],
              ['agency', 'stats.byAgency'],
            ] as const
          ).map(([table, caption]) => (
            <ChartSection
              key={table}
              id={`stats-${table}`}
              caption={t(caption)}
              table={table}
              filters={applied}
              chart={
                data.tables[table].length > 0 ? <Bars rows={breakdownBars(data.tables[table])} /> : undefined
              }
            >
              <BreakdownTable caption={t(caption)} rows={data.tables[table]} total={data.total} />
            </ChartSection>
          ))}
        </>
      ) : null}
    </Page>
  );
}
