import { useEffect, useRef, useState } from 'react';
import type { Joined, SimilarReport } from '../../../../src/modules/complaints/duplicates.contracts.ts';
import { api, problemOf } from '../../api.ts';
import type { Me, Problem } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { formatShortDate } from './complaint-labels.ts';
import { rememberReport } from './complaint-storage.ts';
import { useDuplicatesText } from './duplicates-text.ts';
import { PublicStatusBadge } from './status-badge.tsx';

/** Wait this long after the last key before asking: one request per pause, not per letter. */
const DEBOUNCE_MS = 600;
const MIN_TEXT = 8;

type Search =
  | { state: 'idle' }
  | { state: 'searching' }
  | { state: 'done'; items: SimilarReport[] }
  | { state: 'failed' };

/**
 * While a citizen writes a report: open public reports nearby that look like it, each with
 * "Ikut melapor" (join as co-reporter). The text goes in a POST body (it is the citizen's own
 * words: never in a URL); a new search starts once typing pauses, and an older answer arriving
 * late is dropped.
 */
export function SimilarReportsPanel({
  user,
  title,
  description,
  regionCode,
}: {
  user: Me;
  title: string;
  description: string;
  regionCode: string;
}) {
  const { language } = useI18n();
  const d = useDuplicatesText();
  const [search, setSearch] = useState<Search>({ state: 'idle' });
  const [joined, setJoined] = useState<Record<string, true>>({});
  const [joining, setJoining] = useState<string | undefined>();
  const [problem, setProblem] = useState<{ trackingId: string; problem: Problem } | undefined>();
  const [lastJoined, setLastJoined] = useState<string | undefined>();
  const latest = useRef(0);

  const text = `${title} ${description}`.trim();
  const isReady = text.length >= MIN_TEXT && regionCode.split('.').length >= 2;
  const body = JSON.stringify({ title: title.trim(), description: description.trim(), regionCode });

  useEffect(() => {
    if (!isReady) {
      setSearch({ state: 'idle' });
      return;
    }
    const serial = ++latest.current;
    const timer = window.setTimeout(() => {
      setSearch((current) => (current.state === 'done' ? current : { state: 'searching' }));
      api
        .post<{ items: SimilarReport[] }>('/complaints/similar', JSON.parse(body))
        .then((result) => {
          if (serial === latest.current) setSearch({ state: 'done', items: result.items });
        })
        .catch(() => {
          if (serial === latest.current) setSearch({ state: 'failed' });
        });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [body, isReady]);

  const join = async (item: SimilarReport) => {
    setJoining(item.trackingId);
    setProblem(undefined);
    try {
      const result = await api.post<Joined>(
        `/complaints/${encodeURIComponent(item.trackingId)}/co-reporters`,
      );
      rememberReport(user.id, result.trackingId);
      setJoined((current) => ({ ...current, [item.trackingId]: true }));
      setLastJoined(result.trackingId);
    } catch (error) {
      setProblem({ trackingId: item.trackingId, problem: problemOf(error) });
    } finally {
      setJoining(undefined);
    }
  };

  if (search.state === 'idle') return null;
  const items = search.state === 'done' ? search.items : [];
  return (
    <section className="card similar-reports" aria-labelledby="similar-heading" data-testid="similar-reports">
      <h2 id="similar-heading">{d('similar.title')}</h2>
      <LiveRegion politeness="polite">
        {search.state === 'searching' ? <p className="muted">{d('similar.searching')}</p> : null}
        {search.state === 'failed' ? <p className="muted">{d('similar.failed')}</p> : null}
        {search.state === 'done' ? (
          <p className={items.length ? undefined : 'muted'}>
            {items.length ? d('similar.found', { count: String(items.length) }) : d('similar.none')}
          </p>
        ) : null}
        {lastJoined ? (
          <Alert variant="success" title={d('similar.joined', { trackingId: lastJoined })} />
        ) : null}
      </LiveRegion>
      {items.length ? (
        <>
          <p className="muted small">{d('similar.lead')}</p>
          <ul className="similar-reports__list">
            {items.map((item) => {
              const hasJoined = item.hasJoined || joined[item.trackingId] === true;
              return (
                <li key={item.trackingId} className="similar-report" data-tracking-id={item.trackingId}>
                  <h3 className="similar-report__title">{item.title}</h3>
                  <p className="similar-report__meta">
                    <PublicStatusBadge status={item.publicStatus} />{' '}
                    <span>{d(`similar.area.${item.sameArea}` as const)}</span>
                    {item.regionName ? <span> · {item.regionName}</span> : null}
                    <span>
                      {' '}
                      · {d('similar.submitted', { date: formatShortDate(language, item.submittedAt) })}
                    </span>
                    <span>
                      {' '}
                      ·{' '}
                      {d('similar.reporters', {
                        count: String(item.reporterCount + (joined[item.trackingId] ? 1 : 0)),
                      })}
                    </span>
                  </p>
                  <p className="similar-report__excerpt break">{item.excerpt}</p>
                  <div className="actions">
                    {item.isYours ? (
                      <p className="muted">{d('similar.isYours')}</p>
                    ) : hasJoined ? (
                      <p className="muted" data-testid="joined">
                        {d('similar.hasJoined')}
                      </p>
                    ) : (
                      <Button
                        variant="secondary"
                        onClick={() => join(item)}
                        isBusy={joining === item.trackingId}
                        busyLabel={d('similar.joining')}
                        aria-label={d('similar.joinLabel', { title: item.title })}
                      >
                        {d('similar.join')}
                      </Button>
                    )}
                    <Link
                      href={`/lapor/${encodeURIComponent(item.trackingId)}`}
                      target="_blank"
                      rel="noopener"
                    >
                      {d('similar.open')}
                    </Link>
                  </div>
                  <LiveRegion politeness="assertive">
                    {problem?.trackingId === item.trackingId ? (
                      <Alert variant="error" title={problem.problem.title} />
                    ) : null}
                  </LiveRegion>
                </li>
              );
            })}
          </ul>
          <p className="muted small">{d('similar.continue')}</p>
        </>
      ) : null}
    </section>
  );
}

/**
 * On the public view of a report, for a signed-in citizen who did not file it: join it as a
 * co-reporter. A second attempt, a closed report or one's own report answer with their problem.
 */
export function JoinReportCard({ user, trackingId }: { user: Me; trackingId: string }) {
  const d = useDuplicatesText();
  const [state, setState] = useState<{ done?: string; problem?: Problem; isBusy: boolean }>({
    isBusy: false,
  });
  const join = async () => {
    setState({ isBusy: true });
    try {
      const result = await api.post<Joined>(`/complaints/${encodeURIComponent(trackingId)}/co-reporters`);
      rememberReport(user.id, result.trackingId);
      setState({ isBusy: false, done: d('similar.joined', { trackingId: result.trackingId }) });
    } catch (error) {
      setState({ isBusy: false, problem: problemOf(error) });
    }
  };
  return (
    <section className="card" aria-labelledby="join-heading">
      <h2 id="join-heading">{d('similar.join')}</h2>
      <p>{d('similar.lead')}</p>
      <LiveRegion politeness="polite">
        {state.done ? <Alert variant="success" title={state.done} /> : null}
        {state.problem ? <Alert variant="info" title={state.problem.title} /> : null}
      </LiveRegion>
      {state.done ? null : (
        <Button variant="secondary" onClick={join} isBusy={state.isBusy} busyLabel={d('similar.joining')}>
          {d('similar.join')}
        </Button>
      )}
    </section>
  );
}
