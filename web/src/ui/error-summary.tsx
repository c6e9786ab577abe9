import type { Ref } from 'react';
import type { Problem } from '../contracts.ts';
import { useI18n } from '../language.tsx';
import { Alert, LiveRegion } from './alert.tsx';

type ErrorSummaryProps = {
  problem: Problem | undefined;
  /** Label of each field of the form; errors of other fields (e.g. "body") are listed as text. */
  fieldLabels: Record<string, string>;
  /** Field ids are `${formId}-${field}`, as made by useForm. */
  formId: string;
  ref?: Ref<HTMLDivElement>;
};

/** The title of a failed submit and a list of the problems, each linking to its field. */
export function ErrorSummary({ problem, fieldLabels, formId, ref }: ErrorSummaryProps) {
  const { t } = useI18n();
  const idOf = (field: string) => `${formId}-${field}`;
  const errors = problem?.errors ?? [];
  return (
    <LiveRegion politeness="assertive">
      {problem ? (
        <Alert ref={ref} variant="error" title={problem.title}>
          {problem.detail ? <p>{problem.detail}</p> : null}
          {errors.length > 0 ? (
            <>
              <p className="visually-hidden">{t('error.summary')}</p>
              <ul className="error-list">
                {errors.map((error) => {
                  const label = fieldLabels[error.field];
                  return (
                    <li key={`${error.field}-${error.code}-${error.message}`}>
                      {label ? (
                        <a
                          href={`#${idOf(error.field)}`}
                          onClick={(event) => {
                            event.preventDefault();
                            document.getElementById(idOf(error.field))?.focus();
                          }}
                        >
                          {label}: {error.message}
                        </a>
                      ) : (
                        error.message
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : null}
        </Alert>
      ) : null}
    </LiveRegion>
  );
}
