import type { Actor } from '../../platform/http/auth.ts';
import { findAgencies } from '../identity/index.ts';
import { PUBLIC_STATUS, type Status, type SubmitComplaint } from './complaints.contracts.ts';
import * as records from './complaints.partners.repository.ts';
import { type ComplaintsContext, createComplaint, loadForIdentityRead } from './complaints.service.ts';

/**
 * The complaint service as outward APIs (Open311 GeoReport v2) meet it: intake from a partner
 * system for a person without a Terpadu account, and public records of reports. Neither carries
 * any identity; `rahasia` reports are never listed.
 */

/** A report as a public API may show it. Coordinates and address are exact: callers coarsen `anonim` ones. */
export type PublicRecord = {
  trackingId: string;
  kind: SubmitComplaint['kind'];
  title: string;
  description: string;
  privacy: SubmitComplaint['privacy'];
  status: Status;
  publicStatus: string;
  categoryCode: string | null;
  regionCode: string;
  agency: { code: string; name: string } | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  submittedAt: Date;
  updatedAt: Date;
  /** When the working-day clocks expect the report to be completed (known once dispositioned). */
  expectedAt: Date | null;
};

/**
 * Files a report sent by a partner system (an Open311 client) for a reporter without an account.
 * It enters the same verification flow as any other report: status `baru`, the verification clock
 * running, admin-nasional notified. No `reporters` row exists, so no one is notified as reporter.
 */
export async function receivePartnerComplaint(
  context: ComplaintsContext,
  options: {
    input: SubmitComplaint;
    channel: 'open311';
    partner: { id: string; name: string };
    requestId?: string | undefined;
  },
): Promise<{ trackingId: string; submittedAt: Date }> {
  const created = await createComplaint(context, {
    input: options.input,
    reporterId: undefined,
    channel: options.channel,
    filedBy: options.partner,
    requestId: options.requestId,
  });
  return { trackingId: created.trackingId, submittedAt: created.submittedAt };
}

async function toPublicRecords(
  context: ComplaintsContext,
  rows: records.RecordRow[],
): Promise<PublicRecord[]> {
  const agencies = await findAgencies(
    context.identity,
    rows.flatMap((row) => (row.agencyId ? [row.agencyId] : [])),
  );
  return rows.map((row) => {
    const agency = row.agencyId ? agencies.get(row.agencyId) : undefined;
    return {
      trackingId: row.trackingId,
      kind: row.kind,
      title: row.title,
      description: row.description,
      privacy: row.privacy,
      status: row.status,
      publicStatus: PUBLIC_STATUS[row.status],
      categoryCode: row.categoryCode,
      regionCode: row.regionCode,
      agency: agency ? { code: agency.code, name: agency.name } : null,
      lat: row.lat,
      lng: row.lng,
      address: row.address,
      submittedAt: row.submittedAt,
      updatedAt: row.updatedAt,
      expectedAt: row.completionDueAt,
    };
  });
}

/** Public reports (publik, anonim) filed in a period; paginated, newest first. */
export async function listPublicRecords(context: ComplaintsContext, filter: records.RecordFilter) {
  const { rows, total } = await records.listPublicRecords(context.db, filter);
  return { items: await toPublicRecords(context, rows), total };
}

/**
 * Reports by tracking ID: public ones, and `rahasia` ones only when listed in
 * `confidentialAllowed` (e.g. those the asking partner system filed itself).
 */
export async function findPublicRecords(
  context: ComplaintsContext,
  options: { trackingIds: string[]; confidentialAllowed?: string[] },
): Promise<PublicRecord[]> {
  const rows = await records.findRecords(context.db, options.trackingIds, options.confidentialAllowed ?? []);
  return toPublicRecords(context, rows);
}

/**
 * For a partner system's own record of a reporter (e.g. Open311 contact details): the report's
 * tracking ID if the actor handles it and may know its reporter, as `GET …/reporter` decides
 * (404 out of sight, 403 not a handler, 403 for `anonim`). The caller audits its read.
 */
export async function checkReporterIdentityReadable(
  context: ComplaintsContext,
  options: { actor: Actor; trackingId: string },
): Promise<string> {
  return (await loadForIdentityRead(context, options)).trackingId;
}
