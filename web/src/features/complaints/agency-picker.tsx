import { type KeyboardEvent, useState } from 'react';
import { api, problemOf, query } from '../../api.ts';
import type { AgencySummary, Items, Problem } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { RadioGroup } from '../../ui/radio-group.tsx';

/**
 * Finds an agency by name or code (GET /agencies?q=) and lets one be chosen from the results. The
 * search runs on its button or Enter, never on submit of the surrounding form.
 */
export function AgencyPicker({
  id,
  label,
  help,
  optionalText,
  value,
  onChange,
  error,
  accepts = () => true,
}: {
  /** Id of the search box (error summaries link to it). */
  id: string;
  label: string;
  help?: string;
  optionalText?: string;
  value: AgencySummary | undefined;
  onChange: (agency: AgencySummary | undefined) => void;
  error?: string | undefined;
  /** Which agencies may be chosen, e.g. no units for a disposition. */
  accepts?: (agency: AgencySummary) => boolean;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [results, setResults] = useState<AgencySummary[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [isSearching, setSearching] = useState(false);

  const search = async () => {
    const q = text.trim();
    if (!q) return;
    setSearching(true);
    setProblem(undefined);
    try {
      const found = await api.get<Items<AgencySummary>>(`/agencies${query({ q, limit: 30 })}`);
      setResults(found.items.filter(accepts));
    } catch (caught) {
      setProblem(problemOf(caught));
    } finally {
      setSearching(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void search();
    }
  };

  // The chosen agency stays listed even when a new search does not find it.
  const listed = results ?? [];
  const options = [...(value && !listed.some((agency) => agency.id === value.id) ? [value] : []), ...listed];
  const helpId = `${id}-help`;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={['field', 'agency-picker', error ? 'field--error' : ''].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optionalText ? <span className="field__optional"> {optionalText}</span> : null}
      </label>
      <p className="field__help" id={helpId}>
        {help ?? t('action.agency.search.help')}
      </p>
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
      <div className="search-row">
        <input
          id={id}
          className="field__input"
          type="search"
          value={text}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={[errorId, helpId].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <Button
          variant="secondary"
          onClick={search}
          isBusy={isSearching}
          busyLabel={t('action.agency.searching')}
        >
          {t('action.agency.searchButton')}
        </Button>
      </div>
      {problem ? <Alert variant="error" title={problem.title} /> : null}
      <div role="status" className="agency-picker__status">
        {results && results.length === 0 ? <p>{t('action.agency.none')}</p> : null}
      </div>
      {options.length > 0 ? (
        <RadioGroup
          id={`${id}-choice`}
          name={`${id}-choice`}
          legend={t('action.agency.results')}
          options={options.map((agency) => ({ value: agency.id, label: agency.name, hint: agency.code }))}
          value={value?.id ?? ''}
          onChange={(chosen) => onChange(options.find((agency) => agency.id === chosen))}
        />
      ) : null}
      {value && optionalText ? (
        <Button variant="quiet" onClick={() => onChange(undefined)}>
          {t('submit.agency.clear')}
        </Button>
      ) : null}
    </div>
  );
}
