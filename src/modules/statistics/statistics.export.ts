import { appendAudit } from '../../platform/audit/audit.ts';
import { localDate } from '../../platform/calendar/calendar.ts';
import type { Actor } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import { listComplaintsForExport, PUBLIC_STATUS } from '../complaints/index.ts';
import { findAgencies } from '../identity/index.ts';
import type { ExportQuery } from './statistics.contracts.ts';
import { type CsvCell, toCsv } from './statistics.csv.ts';
import { StatisticsErrors } from './statistics.errors.ts';
import type { StatisticsContext } from './statistics.service.ts';

/** More than this in one file is a job for a date range, not one request. */
export const EXPORT_LIMIT = 50_000;

const WIB_OFFSET_MS = 7 * 3_600_000;
const startOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - WIB_OFFSET_MS);
const nextDayStart = (day: string) => new Date(startOfDay(day).getTime() + 86_400_000);
/** An instant as WIB wall-clock text, which a spreadsheet shows as it is. */
const wib = (date: Date | null) =>
  date ? new Date(date.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ') : null;

type Sheet = { name: string; header: string[]; rows: CsvCell[][] };

/**
 * The officer's own agency's queue and history: every report handled within their agency's
 * subtree (all reports for national readers), and the timeline of each. Contains report content,
 * so every export is audited; it never contains a reporter's identity nor a reporter's own words.
 */
async function buildExport(
  context: StatisticsContext,
  options: { actor: Actor; query: ExportQuery; requestId?: string | undefined },
): Promise<{ queue: Sheet; history: Sheet }> {
  const { actor, query } = options;
  const scopePath = actor.hasNationalScope ? undefined : (actor.agencyPath ?? '\u0000');
  const { complaints, events } = await listComplaintsForExport(context.db, {
    scopePath,
    from: query.from ? startOfDay(query.from) : undefined,
    to: query.to ? nextDayStart(query.to) : undefined,
    limit: EXPORT_LIMIT + 1,
  });
  if (complaints.length > EXPORT_LIMIT) throw new AppError(StatisticsErrors.STATISTICS_EXPORT_TOO_LARGE);
  const agencies = await findAgencies(
    context.identity,
    complaints
      .flatMap((complaint) => [complaint.agencyId, complaint.unitId])
      .filter((id): id is string => !!id),
  );
  const name = (id: string | null) => (id ? (agencies.get(id)?.name ?? '') : '');
  await appendAudit(context.db, {
    actorId: actor.userId,
    actorRole: actor.role,
    action: 'complaint.exported',
    targetType: 'agency',
    targetId: actor.hasNationalScope ? 'nasional' : (actor.agencyId ?? ''),
    requestId: options.requestId,
    details: {
      format: query.format,
      from: query.from ?? null,
      to: query.to ?? null,
      reports: complaints.length,
    },
  });
  return {
    queue: {
      name: 'Laporan',
      header: [
        'Nomor pelacakan',
        'Jenis',
        'Kerahasiaan',
        'Status',
        'Status publik',
        'Judul',
        'Isi laporan',
        'Kategori',
        'Kode wilayah',
        'Instansi',
        'Unit',
        'Diajukan (WIB)',
        'Didisposisi (WIB)',
        'Batas penyelesaian (WIB)',
        'Ditindaklanjuti (WIB)',
        'Ditutup (WIB)',
        'Dibuka kembali',
        'Penilaian',
      ],
      rows: complaints.map((complaint) => [
        complaint.trackingId,
        complaint.kind,
        complaint.privacy,
        complaint.status,
        PUBLIC_STATUS[complaint.status],
        complaint.title,
        complaint.description,
        complaint.categoryCode,
        complaint.regionCode,
        name(complaint.agencyId),
        name(complaint.unitId),
        wib(complaint.submittedAt),
        wib(complaint.dispositionedAt),
        wib(complaint.completionDueAt),
        wib(complaint.resolvedAt),
        wib(complaint.closedAt),
        complaint.reopenCount,
        complaint.ratingScore,
      ]),
    },
    history: {
      name: 'Riwayat',
      header: ['Nomor pelacakan', 'Waktu (WIB)', 'Tindakan', 'Dari status', 'Ke status', 'Oleh', 'Catatan'],
      rows: events.map((event) => [
        event.trackingId,
        wib(event.at),
        event.kind,
        event.fromStatus,
        event.toStatus,
        event.actorRole,
        event.note,
      ]),
    },
  };
}

export function exportFileName(query: ExportQuery, now: Date, part?: string): string {
  return `laporan-${localDate(now)}${part ? `-${part}` : ''}.${query.format}`;
}

/** CSV: the queue and, after an empty line, the history (one file a spreadsheet opens). */
export async function exportAgencyReports(
  context: StatisticsContext,
  options: { actor: Actor; query: ExportQuery; requestId?: string | undefined },
): Promise<{ body: Buffer | string; mediaType: string; fileName: string }> {
  const { queue, history } = await buildExport(context, options);
  const fileName = exportFileName(options.query, context.now());
  if (options.query.format === 'csv') {
    const queueCsv = toCsv(queue.header, queue.rows);
    const historyCsv = toCsv(history.header, history.rows).replace(/^\uFEFF/, '');
    return { body: `${queueCsv}\r\n${historyCsv}`, mediaType: 'text/csv; charset=utf-8', fileName };
  }
  // Loaded at the first spreadsheet: exceljs holds about 17 MB that most instances never use.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Terpadu';
  for (const sheet of [queue, history]) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.addRow(sheet.header).font = { bold: true };
    // Cells are written as values, never as formulas: text starting with "=" stays text.
    for (const row of sheet.rows) worksheet.addRow(row.map((cell) => (cell === undefined ? null : cell)));
    worksheet.columns.forEach((column) => {
      column.width = 18;
    });
  }
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return {
    body,
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName,
  };
}
