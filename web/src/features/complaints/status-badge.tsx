import type { QueueItem } from '../../contracts.ts';
import { useI18n } from '../../language.tsx';
import { isPublicStatus, PUBLIC_STATUSES, SLA, type Tone } from './complaint-labels.ts';

/** Colour and text together: the colour only repeats what the words say. */
export function Badge({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

/** One of the six SP4N-LAPOR! public status names. */
export function PublicStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  if (!isPublicStatus(status)) return <Badge tone="neutral">{status}</Badge>;
  const { label, tone } = PUBLIC_STATUSES[status];
  return (
    <span className={`badge badge--${tone}`} data-status={status}>
      {t(label)}
    </span>
  );
}

export function SlaBadge({ sla }: { sla: QueueItem['sla'] }) {
  const { t } = useI18n();
  const { label, tone } = SLA[sla];
  return (
    <span className={`badge badge--${tone}`} data-sla={sla}>
      {t(label)}
    </span>
  );
}
