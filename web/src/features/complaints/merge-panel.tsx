import { type FormEvent, useState } from 'react';
import { api, problemOf } from '../../api.ts';
import type { ComplaintView, Problem } from '../../contracts.ts';
import { Link } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { TextArea } from '../../ui/text-area.tsx';
import { useDuplicatesText } from './duplicates-text.ts';

/**
 * On a report's page: the report it was merged into (with the officers' "undo"), or the
 * duplicates merged into it. Nothing when neither.
 */
export function MergePanel({
  view,
  isOfficerPage,
  onChanged,
}: {
  view: ComplaintView;
  isOfficerPage: boolean;
  onChanged: (view: ComplaintView) => void;
}) {
  const d = useDuplicatesText();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [isBusy, setBusy] = useState(false);
  const base = isOfficerPage ? '/petugas/laporan' : '/lapor';

  if (!view.mergedInto && view.mergedDuplicates.length === 0) return null;

  const undo = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(undefined);
    if (note.trim().length < 3) return setError(d('merge.note.required'));
    setError(undefined);
    setBusy(true);
    try {
      onChanged(
        await api.post<ComplaintView>(`/complaints/${encodeURIComponent(view.trackingId)}/unmerge`, {
          note: note.trim(),
        }),
      );
    } catch (caught) {
      setProblem(problemOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="merge-heading" data-testid="merge-panel">
      {view.mergedInto ? (
        <>
          <h2 id="merge-heading">{d('timeline.digabung')}</h2>
          <p>{d('merged.into', { trackingId: view.mergedInto })}</p>
          <p>
            <Link href={`${base}/${encodeURIComponent(view.mergedInto)}`}>
              {d('merged.intoLink', { trackingId: view.mergedInto })}
            </Link>
          </p>
          {view.canUnmerge ? (
            <details className="action">
              <summary>{d('merged.undo')}</summary>
              <form className="form" noValidate onSubmit={undo}>
                <TextArea
                  id="unmerge-note"
                  label={d('merged.undo.note')}
                  value={note}
                  onChange={(event) => setNote(event.target.value)}
                  rows={3}
                  maxLength={4000}
                  error={error}
                />
                <LiveRegion politeness="assertive">
                  {problem ? <Alert variant="error" title={problem.title} /> : null}
                </LiveRegion>
                <Button type="submit" isBusy={isBusy} busyLabel={d('merged.undo.sending')}>
                  {d('merged.undo.submit')}
                </Button>
              </form>
            </details>
          ) : null}
        </>
      ) : (
        <>
          <h2 id="merge-heading">{d('merged.duplicates')}</h2>
          <ul>
            {view.mergedDuplicates.map((trackingId) => (
              <li key={trackingId}>
                <Link href={`${base}/${encodeURIComponent(trackingId)}`}>{trackingId}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
