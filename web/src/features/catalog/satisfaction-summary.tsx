import { useCatalogText } from './catalog-text.ts';
import type { Satisfaction } from './catalog-types.ts';
import { SURVEY_ELEMENTS } from './catalog-types.ts';

const GRADE_LABELS_EN: Record<string, string> = { A: 'Very good', B: 'Good', C: 'Poor', D: 'Very poor' };

/** The IKM with its grade and the number of respondents, and each element's average. */
export function SatisfactionSummary({
  satisfaction,
  isDetailed = false,
}: {
  satisfaction: Satisfaction;
  isDetailed?: boolean;
}) {
  const { tc, pick, language } = useCatalogText();
  if (satisfaction.ikm === null || !satisfaction.grade)
    return <p data-testid="ikm">{tc('service.noRespondents')}</p>;
  const label =
    language === 'en' ? (GRADE_LABELS_EN[satisfaction.grade] ?? '') : (satisfaction.gradeLabel ?? '');
  return (
    <div>
      <p data-testid="ikm">
        <strong>
          {tc('ikm.value', {
            value: satisfaction.ikm.toFixed(2),
            grade: satisfaction.grade,
            label,
          })}
        </strong>{' '}
        ·{' '}
        <span data-testid="ikm-respondents">
          {tc('service.respondents', { count: String(satisfaction.respondents) })}
        </span>
      </p>
      {isDetailed ? (
        <dl className="summary-list summary-list--compact">
          {SURVEY_ELEMENTS.map((element, index) => (
            <div key={element.id}>
              <dt>{pick(element)}</dt>
              <dd>{satisfaction.elements[index]?.toFixed(2) ?? '—'}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
