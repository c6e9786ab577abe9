import type { TimelineEntry } from '../../contracts.ts';
import { formatDateTime } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';
import { STATUS_LABELS, timelineLabel } from './complaint-labels.ts';
import { duplicatesTimelineLabel } from './duplicates-text.ts';

/**
 * Kinds whose note the public view leaves out: the reporter's own words and questions to them. The
 * server blanks these itself; konfirmasi_selesai is listed because the server (so far) does not,
 * and the reporter's thanks may name them even on an anonim report.
 */
const PRIVATE_NOTES = new Set([
  'balas',
  'minta_informasi',
  'buka_kembali',
  'konfirmasi_selesai',
  'penilaian',
]);

/** The report's history, oldest first: what happened, when, by whom (a role, never a person). */
export function ComplaintTimeline({
  entries,
  isPublic,
}: {
  entries: readonly TimelineEntry[];
  isPublic: boolean;
}) {
  const { t, language } = useI18n();
  return (
    <ol className="timeline">
      {entries.map((entry, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: entries only ever append; two may share a time
        <li key={`${entry.at}-${index}`} className="timeline__entry" data-kind={entry.kind}>
          <p className="timeline__head">
            <strong>{duplicatesTimelineLabel(language, entry.kind) ?? timelineLabel(t, entry)}</strong>{' '}
            <time className="timeline__time" dateTime={entry.at}>
              {formatDateTime(language, entry.at)}
            </time>
          </p>
          <p className="timeline__actor">{entry.actor}</p>
          {entry.note && !(isPublic && PRIVATE_NOTES.has(entry.kind)) ? (
            <p className="timeline__note pre-line">{entry.note}</p>
          ) : isPublic && PRIVATE_NOTES.has(entry.kind) ? (
            <p className="timeline__note muted">{t('report.hiddenNote')}</p>
          ) : null}
          {!isPublic && entry.fromStatus && entry.toStatus && entry.fromStatus !== entry.toStatus ? (
            <p className="timeline__status muted">
              {t('timeline.status', {
                from: t(STATUS_LABELS[entry.fromStatus]),
                to: t(STATUS_LABELS[entry.toStatus]),
              })}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
