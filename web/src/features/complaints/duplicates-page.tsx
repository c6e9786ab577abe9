import { type FormEvent, useEffect, useRef, useState } from 'react';
import type {
  DuplicateGroup,
  DuplicateGroupsPage,
} from '../../../../src/modules/complaints/duplicates.contracts.ts';
import { api, problemOf, query } from '../../api.ts';
import type { Problem } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Checkbox } from '../../ui/checkbox.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { RadioGroup } from '../../ui/radio-group.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { TextArea } from '../../ui/text-area.tsx';
import { useResource } from '../../use-resource.ts';
import { RequireSession } from '../auth/require-session.tsx';
import { formatShortDate, privacyLabel } from './complaint-labels.ts';
import { useDuplicatesText } from './duplicates-text.ts';
import { PublicStatusBadge } from './status-badge.tsx';

const WINDOWS = ['3', '7', '14', '30', '60'];

/** One group: choose the report to keep, tick the ones to merge into it, write why, merge. */
function GroupForm({
  group,
  number,
  onMerged,
}: {
  group: DuplicateGroup;
  number: number;
  onMerged: (message: string) => void;
}) {
  const { t, language } = useI18n();
  const d = useDuplicatesText();
  const [primary, setPrimary] = useState(group.suggestedPrimary);
  const [chosen, setChosen] = useState<Set<string>>(
    () =>
      new Set(group.reports.map((report) => report.trackingId).filter((id) => id !== group.suggestedPrimary)),
  );
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [isBusy, setBusy] = useState(false);
  const idPrefix = `group-${number}`;
  const duplicates = [...chosen].filter((id) => id !== primary);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(undefined);
    if (duplicates.length === 0) return setError(d('merge.pickOne'));
    if (note.trim().length < 3) return setError(d('merge.note.required'));
    setError(undefined);
    setBusy(true);
    try {
      await api.post(`/complaints/${encodeURIComponent(primary)}/merge`, { duplicates, note: note.trim() });
      onMerged(d('merge.done', { count: String(duplicates.length), trackingId: primary }));
    } catch (caught) {
      setProblem(problemOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const heading = d('merge.group', { number: String(number), score: `${Math.round(group.score * 100)}%` });
  return (
    <section
      className="card duplicate-group"
      aria-labelledby={`${idPrefix}-heading`}
      data-testid="duplicate-group"
    >
      <h2 id={`${idPrefix}-heading`}>{heading}</h2>
      <form className="form" noValidate onSubmit={submit} aria-labelledby={`${idPrefix}-heading`}>
        <RadioGroup
          id={`${idPrefix}-primary`}
          name={`${idPrefix}-primary`}
          legend={d('merge.primary')}
          value={primary}
          onChange={setPrimary}
          options={group.reports.map((report) => ({
            value: report.trackingId,
            label: `${report.trackingId} — ${report.title}`,
            hint: (
              <>
                <PublicStatusBadge status={report.publicStatus} /> {t(privacyLabel(report.privacy))} ·{' '}
                {report.regionName ?? report.regionCode} · {formatShortDate(language, report.submittedAt)} ·{' '}
                {d('merge.reporters', { count: String(report.reporterCount) })}
                {report.agency ? ` · ${report.agency}` : ''}
                <br />
                <span className="break">{report.excerpt}</span>{' '}
                <Link href={`/petugas/laporan/${encodeURIComponent(report.trackingId)}`}>
                  {report.trackingId}
                </Link>
              </>
            ),
          }))}
        />
        {group.reports
          .filter((report) => report.trackingId !== primary)
          .map((report) => (
            <Checkbox
              key={report.trackingId}
              id={`${idPrefix}-include-${report.trackingId}`}
              label={d('merge.include', { trackingId: report.trackingId })}
              checked={chosen.has(report.trackingId)}
              onChange={(checked) =>
                setChosen((current) => {
                  const next = new Set(current);
                  if (checked) next.add(report.trackingId);
                  else next.delete(report.trackingId);
                  return next;
                })
              }
            />
          ))}
        <TextArea
          id={`${idPrefix}-note`}
          label={d('merge.note')}
          help={d('merge.note.help')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          rows={3}
          maxLength={4000}
          error={error}
        />
        <LiveRegion politeness="assertive">
          {problem ? <Alert variant="error" title={problem.title} /> : null}
        </LiveRegion>
        <Button type="submit" isBusy={isBusy} busyLabel={d('merge.sending')}>
          {d('merge.submit', { trackingId: primary })}
        </Button>
      </form>
    </section>
  );
}

function DuplicateGroups() {
  const d = useDuplicatesText();
  const [windowDays, setWindowDays] = useState('14');
  const [shownWindow, setShownWindow] = useState('14');
  const [page, setPage] = useState(1);
  const groups = useResource<DuplicateGroupsPage>(
    `/complaints/duplicates${query({ windowDays: shownWindow, page: String(page) })}`,
  );
  const pageCount = groups.data ? Math.max(1, Math.ceil(groups.data.total / groups.data.pageSize)) : 1;
  const [done, setDone] = useState<string | undefined>();
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  return (
    <Page title={d('merge.title')} lead={d('merge.lead')} isWide>
      <form
        className="form form--inline"
        onSubmit={(event) => {
          event.preventDefault();
          setShownWindow(windowDays);
          setPage(1);
        }}
      >
        <SelectField
          id="duplicates-window"
          label={d('merge.window')}
          value={windowDays}
          onChange={(event) => setWindowDays(event.target.value)}
          options={WINDOWS.map((days) => ({ value: days, label: d('merge.window.days', { days }) }))}
        />
        <Button type="submit" variant="secondary">
          {d('merge.refresh')}
        </Button>
      </form>
      <LiveRegion politeness="polite">
        {done ? <Alert ref={doneRef} variant="success" title={done} /> : null}
      </LiveRegion>
      {groups.problem ? <Alert variant="error" title={groups.problem.title} /> : null}
      {groups.data === undefined && groups.isLoading ? <Loading /> : null}
      {groups.data && groups.data.groups.length === 0 ? <p className="muted">{d('merge.empty')}</p> : null}
      {groups.data && groups.data.total > 0 ? (
        <p className="muted">
          {d('merge.count', {
            total: String(groups.data.total),
            page: String(page),
            pages: String(pageCount),
          })}
        </p>
      ) : null}
      {groups.data?.groups.map((group, index) => (
        <GroupForm
          key={group.reports.map((report) => report.trackingId).join('+')}
          group={group}
          number={(page - 1) * (groups.data?.pageSize ?? 0) + index + 1}
          onMerged={(message) => {
            setDone(message);
            groups.reload();
          }}
        />
      ))}
      {pageCount > 1 ? (
        <nav className="form form--inline" aria-label={d('merge.pages')}>
          <Button type="button" variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {d('merge.previous')}
          </Button>
          <Button
            type="button"
            variant="secondary"
            disabled={page >= pageCount}
            onClick={() => setPage(page + 1)}
          >
            {d('merge.next')}
          </Button>
        </nav>
      ) : null}
    </Page>
  );
}

/** /petugas/duplikat: near-duplicate groups in the officer's reach, to merge into one case. */
export function DuplicatesPage() {
  const d = useDuplicatesText();
  return (
    <RequireSession scope="complaints:handle" title={d('merge.title')}>
      {() => <DuplicateGroups />}
    </RequireSession>
  );
}
