import { type FormEvent, useState } from 'react';
import { Link, navigate, useSearch } from '../../router.tsx';
import { Button } from '../../ui/button.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useResource } from '../../use-resource.ts';
import { useCatalogText } from './catalog-text.ts';
import { LIFE_EVENTS, type Page as Paged, type PublicServiceSummary } from './catalog-types.ts';
import { SatisfactionSummary } from './satisfaction-summary.tsx';

export function formatRupiah(amount: number, language: 'id' | 'en'): string {
  return new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-GB', {
    style: 'currency',
    currency: 'IDR',
    maximumFractionDigits: 0,
  }).format(amount);
}

/** /layanan: search every agency's published services, or browse by life event and agency/region. */
export function CataloguePage() {
  const { tc, language } = useCatalogText();
  const search = new URLSearchParams(useSearch());
  const [q, setQ] = useState(search.get('q') ?? '');
  const [agency, setAgency] = useState(search.get('agency') ?? '');
  const lifeEvent = search.get('lifeEvent') ?? '';
  const query = new URLSearchParams();
  for (const [key, value] of search)
    if (value && ['q', 'agency', 'lifeEvent'].includes(key)) query.set(key, value);
  const results = useResource<Paged<PublicServiceSummary>>(`/public/services?${query.toString()}`);

  const go = (next: Record<string, string>) => {
    const params = new URLSearchParams({ q, agency, lifeEvent, ...next });
    for (const [key, value] of [...params]) if (!value) params.delete(key);
    navigate(`/layanan?${params.toString()}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go({});
  };

  return (
    <Page title={tc('catalogue.title')} lead={tc('catalogue.lead')}>
      <form className="card stack" onSubmit={submit}>
        <TextField
          id="catalogue-q"
          label={tc('catalogue.search')}
          help={tc('catalogue.searchHelp')}
          type="search"
          value={q}
          onChange={(event) => setQ(event.target.value)}
        />
        <TextField
          id="catalogue-agency"
          label={tc('catalogue.agency')}
          help={tc('catalogue.agencyHelp')}
          optionalText={tc('service.optional')}
          value={agency}
          onChange={(event) => setAgency(event.target.value)}
        />
        <Button type="submit">{tc('catalogue.searchButton')}</Button>
      </form>
      <nav aria-label={tc('catalogue.lifeEvents')} className="card">
        <h2>{tc('catalogue.lifeEvents')}</h2>
        <ul className="inline-list">
          <li>
            <Link href="/layanan" aria-current={lifeEvent === '' ? 'page' : undefined}>
              {tc('catalogue.allEvents')}
            </Link>
          </li>
          {LIFE_EVENTS.map((event) => (
            <li key={event}>
              <Link
                href={`/layanan?lifeEvent=${event}`}
                aria-current={lifeEvent === event ? 'page' : undefined}
              >
                {tc(`event.${event}`)}
              </Link>
            </li>
          ))}
        </ul>
        {lifeEvent ? (
          <p>
            <Link href={`/paket?lifeEvent=${lifeEvent}`}>{tc('bundle.fromCatalogue')}</Link>
          </p>
        ) : null}
      </nav>
      {results.isLoading && !results.data ? <Loading /> : null}
      {results.data ? (
        <section aria-live="polite">
          <p>{tc('catalogue.results', { count: String(results.data.total) })}</p>
          {results.data.items.length === 0 ? <p>{tc('catalogue.none')}</p> : null}
          <ul className="stack" data-testid="service-results">
            {results.data.items.map((service) => (
              <li key={service.id} className="card">
                <h2>
                  <Link href={`/layanan/${service.id}`}>
                    {language === 'en' && service.nameEn ? service.nameEn : service.name}
                  </Link>
                </h2>
                <p className="muted">{service.agency.name}</p>
                <p>{service.summary}</p>
                <p>
                  {tc('service.time')}: {tc('service.days', { days: String(service.totalWorkingDays) })} ·{' '}
                  {tc('service.cost')}:{' '}
                  {service.costRupiah === 0 ? tc('service.free') : formatRupiah(service.costRupiah, language)}
                </p>
                <SatisfactionSummary satisfaction={service.satisfaction} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}
