import type { SuggestedLabel, SuggestionsView } from '../../../../src/modules/insights/insights.contracts.ts';
import { useI18n } from '../../language.tsx';
import { useResource } from '../../use-resource.ts';

function percent(probability: number): string {
  return `${Math.round(probability * 100)}%`;
}

function SuggestionList({ id, heading, items }: { id: string; heading: string; items: SuggestedLabel[] }) {
  const { t } = useI18n();
  return (
    <div>
      <h3 id={id}>{heading}</h3>
      <ol className="routing-list" aria-labelledby={id}>
        {items.map((item) => (
          <li key={item.label}>
            <strong>{item.name}</strong> <span className="mono">{item.code ?? t('routing.noMatch')}</span>
            <div>
              <meter
                min={0}
                max={1}
                value={item.probability}
                aria-label={`${t('routing.confidence')}: ${item.name}`}
              />{' '}
              {t('routing.confidenceValue', { value: percent(item.probability) })}
            </div>
            {item.words.length > 0 ? (
              <p className="muted">
                {t('routing.words')} {item.words.map((word) => word.word).join(', ')}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * For the verifying officer: the agencies and categories the routing models suggest, with
 * confidence and the words of the report that drove each. Advice only; the officer decides.
 */
export function RoutingSuggestions({ trackingId }: { trackingId: string }) {
  const { t } = useI18n();
  const resource = useResource<SuggestionsView>(`/insights/suggestions/${encodeURIComponent(trackingId)}`);
  if (resource.problem?.code === 'NO_ACTIVE_MODEL' || (!resource.data && !resource.isLoading)) return null;
  const data = resource.data;
  return (
    <section className="card" aria-labelledby="routing-heading" data-testid="routing-suggestions">
      <h2 id="routing-heading">{t('routing.title')}</h2>
      <p className="muted">{data?.isAutomatic ? t('routing.automatic') : t('routing.lead')}</p>
      {data ? (
        <>
          {data.agencies.length > 0 ? (
            <SuggestionList id="routing-agencies" heading={t('routing.agencies')} items={data.agencies} />
          ) : null}
          {data.categories.length > 0 ? (
            <SuggestionList
              id="routing-categories"
              heading={t('routing.categories')}
              items={data.categories}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
