import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { ActionName, Category, ComplaintView, PublicComplaint } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { Link } from '../../router.tsx';
import { Alert, LiveRegion } from '../../ui/alert.tsx';
import { Loading } from '../../ui/loading.tsx';
import { Page } from '../../ui/page.tsx';
import { useSession } from '../auth/session.tsx';
import { RoutingSuggestions } from '../insights/routing-suggestions.tsx';
import { AddAttachments, AttachmentList } from './attachments.tsx';
import { ComplaintActions } from './complaint-actions.tsx';
import {
  actionLabel,
  CLOSED_STATES,
  formatDueDate,
  kindLabel,
  privacyLabel,
  RATABLE_STATES,
  STATUS_LABELS,
} from './complaint-labels.ts';
import { ComplaintTimeline } from './complaint-timeline.tsx';
import { MergePanel } from './merge-panel.tsx';
import { RatingForm } from './rating-form.tsx';
import { JoinReportCard } from './similar-reports-panel.tsx';
import { Badge, PublicStatusBadge } from './status-badge.tsx';
import { categoryName, useCategories } from './use-categories.ts';
import { useComplaint } from './use-complaint.ts';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function categoryOf(code: string | null, categories: readonly Category[] | undefined, language: 'id' | 'en') {
  if (!code) return undefined;
  const category = categories?.find((candidate) => candidate.code === code);
  return category ? categoryName(category, language) : code;
}

/** The public status and, for participants, the flags that need attention: at the top of the page. */
function StatusLine({ complaint, full }: { complaint: PublicComplaint; full: ComplaintView | undefined }) {
  const { t } = useI18n();
  return (
    <div className="status-line">
      <PublicStatusBadge status={complaint.publicStatus} />
      {full?.isPaused ? <Badge tone="info">{t('report.paused')}</Badge> : null}
      {full?.isOverdue ? <Badge tone="error">{t('report.overdue')}</Badge> : null}
      {full && full.reopenCount > 0 ? (
        <Badge tone="neutral">{t('report.reopened', { count: String(full.reopenCount) })}</Badge>
      ) : null}
    </div>
  );
}

/** The facts of a report: what both views share, and the full view's extras. */
function Summary({
  complaint,
  full,
  categories,
}: {
  complaint: PublicComplaint;
  full: ComplaintView | undefined;
  categories: readonly Category[] | undefined;
}) {
  const { t, language } = useI18n();
  const none = t('home.none');
  const region = complaint.regionName
    ? `${complaint.regionName} (${complaint.regionCode})`
    : complaint.regionCode;
  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">{t('report.details')}</h2>
      <dl className="summary-list summary-list--compact">
        <Row label={t('report.trackingId')} testId="report-tracking-id">
          <span className="mono">{complaint.trackingId}</span>
        </Row>
        {full ? (
          <Row label={t('report.stage')} testId="report-stage">
            {t(STATUS_LABELS[full.status])}
          </Row>
        ) : null}
        <Row label={t('report.kind')}>{t(kindLabel(complaint.kind))}</Row>
        <Row label={t('report.category')}>
          {categoryOf(complaint.categoryCode, categories, language) ?? none}
        </Row>
        <Row label={t('report.region')}>{region}</Row>
        {full?.address ? <Row label={t('report.address')}>{full.address}</Row> : null}
        <Row label={t('report.agency')}>{complaint.agency?.name ?? t('report.notYet')}</Row>
        {full ? <Row label={t('report.unit')}>{full.unit?.name ?? t('report.notYet')}</Row> : null}
        {full ? <Row label={t('report.privacy')}>{t(privacyLabel(full.privacy))}</Row> : null}
        <Row label={t('report.submittedAt')}>{formatDateTime(language, complaint.submittedAt)}</Row>
      </dl>
    </section>
  );
}

function Deadlines({ view }: { view: ComplaintView }) {
  const { t, language } = useI18n();
  const rows = (
    [
      ['verification', 'report.due.verification'],
      ['followUpPlan', 'report.due.followUpPlan'],
      ['completion', 'report.due.completion'],
      ['autoClose', 'report.due.autoClose'],
    ] as const
  ).flatMap(([key, label]) => {
    const due = view.dueAt[key];
    return due ? [{ key, label, due }] : [];
  });
  if (rows.length === 0) return null;
  return (
    <section className="card" aria-labelledby="due-heading">
      <h2 id="due-heading">{t('report.due')}</h2>
      <dl className="summary-list summary-list--compact">
        {rows.map((row) => (
          <Row key={row.key} label={t(row.label)} testId={`due-${row.key}`}>
            {formatDueDate(language, row.due)}
          </Row>
        ))}
      </dl>
      <p className="muted small">{t('report.due.note')}</p>
    </section>
  );
}

/**
 * /lapor/{id} and /petugas/laporan/{id}: one report. Its reporter and the officers handling it see
 * the full record with the actions open to them; anyone else the public view (rahasia: not found).
 */
export function ComplaintPage({ trackingId, isOfficerPage }: { trackingId: string; isOfficerPage: boolean }) {
  const { t } = useI18n();
  const { session } = useSession();
  const complaint = useComplaint(trackingId);
  const categories = useCategories();
  // The last action taken here, announced and focused (the form it came from may be gone).
  const [done, setDone] = useState<{ action: ActionName | 'penilaian'; count: number } | undefined>();
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const changed = (action: ActionName | 'penilaian') => (view: ComplaintView) => {
    complaint.replace(view);
    setDone((current) => ({ action, count: (current?.count ?? 0) + 1 }));
  };
  const back = isOfficerPage ? (
    <Link href="/petugas/laporan">{t('report.backToQueue')}</Link>
  ) : (
    <Link href="/laporan">{t('report.backToFeed')}</Link>
  );

  if (!complaint.complaint) {
    if (complaint.problem) {
      const isMissing = complaint.problem.status === 404;
      return (
        <Page title={isMissing ? t('report.notFound.title') : complaint.problem.title}>
          <Alert variant="error" title={isMissing ? t('report.notFound.title') : complaint.problem.title}>
            {isMissing ? <p>{t('report.notFound.text')}</p> : null}
          </Alert>
          <p className="aside">
            {session.status === 'anonymous' ? (
              <>
                <Link href={`/masuk?lanjut=${encodeURIComponent(window.location.pathname)}`}>
                  {t('report.login')}
                </Link>
                {' · '}
              </>
            ) : null}
            {back}
          </p>
        </Page>
      );
    }
    return <Loading />;
  }

  const { mode, view } = complaint.complaint;
  const full = mode === 'full' ? view : undefined;
  const user = session.user;
  const canUpload =
    full !== undefined &&
    !CLOSED_STATES.includes(full.status) &&
    (full.isReporter || (user?.scopes.includes('complaints:handle') ?? false));
  const canRate = full?.isReporter && full.rating === null && RATABLE_STATES.includes(full.status);

  return (
    <Page title={view.title}>
      <StatusLine complaint={view} full={full} />
      {full ? null : (
        <Alert variant="info" title={t('report.public.title')}>
          <p>{t('report.public')}</p>
          {session.status === 'anonymous' ? (
            <p>
              <Link href={`/masuk?lanjut=${encodeURIComponent(window.location.pathname)}`}>
                {t('report.public.login')}
              </Link>
            </p>
          ) : null}
        </Alert>
      )}
      {full?.isReporter ? <p className="muted">{t('report.isReporter')}</p> : null}
      {full && !full.isReporter && full.privacy === 'anonim' ? (
        <p className="note-protected">{t('report.anonymous')}</p>
      ) : null}
      <LiveRegion politeness="polite">
        {done ? (
          <Alert
            ref={doneRef}
            variant="success"
            title={t('action.done', {
              action: t(done.action === 'penilaian' ? 'report.rating.sent' : actionLabel(done.action)),
            })}
          />
        ) : null}
      </LiveRegion>
      <div className="report-layout">
        <div className="report-layout__main">
          {!full && user?.scopes.includes('complaints:submit') ? (
            <JoinReportCard user={user} trackingId={view.trackingId} />
          ) : null}
          {full ? (
            <MergePanel view={full} isOfficerPage={isOfficerPage} onChanged={complaint.replace} />
          ) : null}
          <section className="card" aria-labelledby="description-heading">
            <h2 id="description-heading">{t('report.description')}</h2>
            <p className="pre-line break" data-testid="report-description">
              {view.description}
            </p>
          </section>
          {full?.allowedActions.includes('disposisi') ? (
            <RoutingSuggestions trackingId={full.trackingId} />
          ) : null}
          {full &&
          (full.allowedActions.length > 0 || (!full.isReporter && !CLOSED_STATES.includes(full.status))) ? (
            <ComplaintActions
              view={full}
              categories={categories.data?.items}
              onChanged={(view, action) => changed(action)(view)}
            />
          ) : null}
          {full && canRate ? <RatingForm view={full} onRated={changed('penilaian')} /> : null}
          {full?.rating ? (
            <section className="card" aria-labelledby="rating-result-heading">
              <h2 id="rating-result-heading">{t('timeline.penilaian')}</h2>
              <p data-testid="rating">
                <strong>{t('report.rating.done', { score: String(full.rating.score) })}</strong>
              </p>
              {full.rating.comment ? <p className="pre-line">{full.rating.comment}</p> : null}
            </section>
          ) : null}
          <section className="card" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t('report.timeline')}</h2>
            <ComplaintTimeline entries={view.timeline} isPublic={!full} />
          </section>
        </div>
        <div className="report-layout__side">
          <Summary complaint={view} full={full} categories={categories.data?.items} />
          {full ? <Deadlines view={full} /> : null}
          {full ? (
            <section className="card" aria-labelledby="attachments-heading">
              <h2 id="attachments-heading">{t('report.attachments')}</h2>
              <AttachmentList trackingId={full.trackingId} attachments={full.attachments} />
              {canUpload ? (
                <AddAttachments trackingId={full.trackingId} onUploaded={complaint.reload} />
              ) : null}
            </section>
          ) : null}
        </div>
      </div>
      <p className="aside">{back}</p>
    </Page>
  );
}
