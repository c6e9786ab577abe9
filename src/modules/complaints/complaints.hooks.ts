import { and, asc, gte, inArray, isNotNull, ne } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { STATUSES } from './complaints.contracts.ts';
import { complaints } from './complaints.tables.ts';

/**
 * What other modules may learn of a report's change, after its transaction committed: enough to
 * look the report up again, never its reporter.
 */
export type ComplaintChange = {
  complaintId: string;
  trackingId: string;
  /** `diajukan` (filed or recorded) or the action taken, e.g. `disposisi`, `bukan_wewenang`. */
  action: string;
  status: string;
  agencyId: string | null;
  unitId: string | null;
  at: Date;
};

export type ComplaintListener = (change: ComplaintChange) => Promise<void> | void;

/** Listeners per database, so that two platforms in one process (tests) do not hear each other. */
const listeners = new WeakMap<object, ComplaintListener[]>();

/** Registers a listener for committed changes; returns the function that removes it. */
export function onComplaintChange(db: Database, listener: ComplaintListener): () => void {
  const list = listeners.get(db) ?? [];
  list.push(listener);
  listeners.set(db, list);
  return () => {
    const current = listeners.get(db) ?? [];
    listeners.set(
      db,
      current.filter((candidate) => candidate !== listener),
    );
  };
}

/**
 * Runs the listeners one after another. A listener's failure is reported and does not undo or
 * fail the change the caller already committed.
 */
export async function emitComplaintChange(db: Database, change: ComplaintChange): Promise<void> {
  for (const listener of listeners.get(db) ?? []) {
    try {
      await listener(change);
    } catch (error) {
      console.error(`complaint listener failed for ${change.trackingId}:`, (error as Error).message);
    }
  }
}

/** From `di_unit` on (STATUSES is in flow order), an agency has accepted the report as its own. */
const ROUTED_STATUSES = STATUSES.slice(STATUSES.indexOf('di_unit'));

/**
 * Reports whose routing is settled (handled by a unit or further), oldest first: the training
 * data of the routing models. `rahasia` reports are left out. May return many rows: the caller
 * passes a limit.
 */
export async function listRoutedComplaintsForTraining(
  db: Database,
  options: { since?: Date; limit: number },
): Promise<
  Array<{
    title: string;
    description: string;
    regionCode: string;
    categoryCode: string | null;
    agencyId: string | null;
    unitId: string | null;
    submittedAt: Date;
  }>
> {
  return db
    .select({
      title: complaints.title,
      description: complaints.description,
      regionCode: complaints.regionCode,
      categoryCode: complaints.categoryCode,
      agencyId: complaints.agencyId,
      unitId: complaints.unitId,
      submittedAt: complaints.submittedAt,
    })
    .from(complaints)
    .where(
      and(
        inArray(complaints.status, ROUTED_STATUSES),
        isNotNull(complaints.agencyId),
        ne(complaints.privacy, 'rahasia'),
        options.since ? gte(complaints.submittedAt, options.since) : undefined,
      ),
    )
    .orderBy(asc(complaints.submittedAt))
    .limit(options.limit);
}
