import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { createComplaintsContext } from '../../src/app.ts';
import type { ComplaintAction, ComplaintView, Status } from '../../src/modules/complaints/index.ts';
import { runComplaintClocks } from '../../src/modules/complaints/index.ts';
import { importAgencies } from '../../src/modules/identity/index.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { asBearer, type Credentials, makeCitizen, makeOfficer, type Session } from './factories.ts';

/** Units the complaint tests route reports to; the regencies themselves are seeded. */
export const UNIT_SURABAYA = '35.78/dinas-sda';
export const UNIT_SURABAYA_OTHER = '35.78/dinas-kesehatan';
export const UNIT_SIDOARJO = '35.15/dinas-pupr';

export async function addTestUnits(platform: Platform): Promise<void> {
  await importAgencies(platform.database.db, {
    csv: [
      'code,name,parent_code',
      'dinas-sda,Dinas Sumber Daya Air dan Bina Marga,35.78',
      'dinas-kesehatan,Dinas Kesehatan,35.78',
      'dinas-pupr,Dinas Pekerjaan Umum dan Penataan Ruang,35.15',
    ].join('\n'),
    actor: 'system',
  });
}

export type CitizenSession = Awaited<ReturnType<typeof makeCitizen>>;
export type OfficerSession = Session & Credentials;

/**
 * Everyone who meets a report filed in Surabaya (35.78) and handled by its water agency, and
 * the same officers one regency over in Sidoarjo (35.15), who must not see it.
 */
export type Cast = {
  reporter: CitizenSession;
  otherCitizen: CitizenSession;
  nasional: OfficerSession;
  adminSurabaya: OfficerSession;
  penghubungSurabaya: OfficerSession;
  pengawasSurabaya: OfficerSession;
  /** A supervisor placed in the unit that handles the report (its internal oversight). */
  pengawasUnitSurabaya: OfficerSession;
  pengawasPusat: OfficerSession;
  adminSidoarjo: OfficerSession;
  penghubungSidoarjo: OfficerSession;
  pengawasSidoarjo: OfficerSession;
  sysadmin: OfficerSession;
};

/** Units (see addTestUnits) must exist first. */
export async function makeCast(app: FastifyInstance, platform: Platform): Promise<Cast> {
  return {
    reporter: await makeCitizen(app),
    otherCitizen: await makeCitizen(app),
    nasional: await makeOfficer(app, platform, 'admin-nasional', 'kemenpanrb'),
    adminSurabaya: await makeOfficer(app, platform, 'admin-instansi', '35.78'),
    penghubungSurabaya: await makeOfficer(app, platform, 'penghubung', UNIT_SURABAYA),
    pengawasSurabaya: await makeOfficer(app, platform, 'pengawas', '35.78'),
    pengawasUnitSurabaya: await makeOfficer(app, platform, 'pengawas', UNIT_SURABAYA),
    pengawasPusat: await makeOfficer(app, platform, 'pengawas', 'ombudsman'),
    adminSidoarjo: await makeOfficer(app, platform, 'admin-instansi', '35.15'),
    penghubungSidoarjo: await makeOfficer(app, platform, 'penghubung', UNIT_SIDOARJO),
    pengawasSidoarjo: await makeOfficer(app, platform, 'pengawas', '35.15'),
    sysadmin: await makeOfficer(app, platform, 'sysadmin', 'komdigi'),
  };
}

export function reportInput(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'pengaduan',
    title: 'Jalan berlubang di depan SDN Karang Pilang',
    description:
      'Lubang besar di badan jalan sudah sebulan dan membahayakan anak-anak yang berangkat sekolah.',
    privacy: 'publik',
    regionCode: '35.78.01',
    categoryCode: 'infrastruktur',
    ...overrides,
  };
}

export async function fileReport(
  app: FastifyInstance,
  session: { token: string },
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    headers: asBearer(session),
    payload: reportInput(overrides),
  });
  if (response.statusCode !== 201) throw new Error(`filing failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { trackingId: string }).trackingId;
}

export function act(
  app: FastifyInstance,
  session: { token: string } | undefined,
  trackingId: string,
  body: object,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/api/v1/complaints/${trackingId}/actions`,
    headers: session ? asBearer(session) : {},
    payload: body,
  });
}

/** An action that the arrangement of a test needs to succeed. */
export async function actOrThrow(
  app: FastifyInstance,
  session: { token: string },
  trackingId: string,
  body: object,
): Promise<ComplaintView> {
  const response = await act(app, session, trackingId, body);
  if (response.statusCode !== 200) {
    throw new Error(`${JSON.stringify(body)} failed: ${response.statusCode} ${response.body}`);
  }
  return response.json() as ComplaintView;
}

export async function readComplaint(
  app: FastifyInstance,
  session: { token: string },
  trackingId: string,
): Promise<ComplaintView> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/complaints/${trackingId}`,
    headers: asBearer(session),
  });
  if (response.statusCode !== 200) throw new Error(`read failed: ${response.statusCode} ${response.body}`);
  return response.json() as ComplaintView;
}

type ActionBody<A extends ComplaintAction['action']> = Extract<ComplaintAction, { action: A }>;

/** A valid request body for each action, aimed at the agencies and units of the cast. */
export const ACTION_BODIES: { [A in ComplaintAction['action']]: ActionBody<A> } = {
  disposisi: { action: 'disposisi', agencyCode: '35.78', note: 'Diteruskan ke Pemerintah Kota Surabaya.' },
  tunda: { action: 'tunda', note: 'Menunggu kelengkapan lokasi.' },
  arsipkan: { action: 'arsipkan', reason: 'spam', note: 'Isi laporan tidak berkaitan dengan layanan.' },
  disposisi_unit: { action: 'disposisi_unit', unitCode: UNIT_SURABAYA },
  bukan_wewenang: { action: 'bukan_wewenang', note: 'Jalan nasional, bukan kewenangan kota.' },
  alihkan: { action: 'alihkan', agencyCode: '35.15', note: 'Lokasi berada di wilayah Sidoarjo.' },
  rencana_tindak_lanjut: { action: 'rencana_tindak_lanjut', note: 'Tim akan menambal jalan minggu ini.' },
  minta_informasi: { action: 'minta_informasi', note: 'Mohon kirim foto lubang dan patokan terdekat.' },
  balas: { action: 'balas', note: 'Di depan gerbang sekolah, sisi utara.' },
  tindak_lanjut: { action: 'tindak_lanjut', note: 'Lubang sudah ditambal.', isFinal: true },
  konfirmasi_selesai: { action: 'konfirmasi_selesai' },
  buka_kembali: { action: 'buka_kembali', note: 'Tambalan sudah terkelupas lagi.' },
  ubah_klasifikasi: { action: 'ubah_klasifikasi', note: 'Klasifikasi diperiksa ulang.' },
};

/** Moves the time every complaint rule reads; returns a function that puts it back. */
export function setClock(platform: Platform, instant: Date | string): () => void {
  const previous = platform.clock.now;
  const fixed = new Date(instant);
  platform.clock.now = () => fixed;
  return () => {
    platform.clock.now = previous;
  };
}

export function runClocks(platform: Platform) {
  return runComplaintClocks(createComplaintsContext(platform));
}

/** How each state is reached: the state before it and the step that leads on from there. */
const ROUTE_TO: Record<
  Status,
  { after: Status | null; step: (harness: Harness, trackingId: string) => Promise<unknown> }
> = {
  baru: { after: null, step: async () => {} },
  ditunda: { after: 'baru', step: (h, id) => actOrThrow(h.app, h.cast.nasional, id, ACTION_BODIES.tunda) },
  diarsipkan: {
    after: 'baru',
    step: (h, id) => actOrThrow(h.app, h.cast.nasional, id, ACTION_BODIES.arsipkan),
  },
  terdisposisi: {
    after: 'baru',
    step: (h, id) => actOrThrow(h.app, h.cast.nasional, id, ACTION_BODIES.disposisi),
  },
  di_unit: {
    after: 'terdisposisi',
    step: (h, id) => actOrThrow(h.app, h.cast.adminSurabaya, id, ACTION_BODIES.disposisi_unit),
  },
  diproses: {
    after: 'di_unit',
    step: (h, id) => actOrThrow(h.app, h.cast.penghubungSurabaya, id, ACTION_BODIES.rencana_tindak_lanjut),
  },
  menunggu_pelapor: {
    after: 'diproses',
    step: (h, id) => actOrThrow(h.app, h.cast.penghubungSurabaya, id, ACTION_BODIES.minta_informasi),
  },
  selesai: {
    after: 'diproses',
    step: (h, id) => actOrThrow(h.app, h.cast.penghubungSurabaya, id, ACTION_BODIES.tindak_lanjut),
  },
  ditutup: {
    after: 'selesai',
    step: (h, id) => actOrThrow(h.app, h.cast.reporter, id, ACTION_BODIES.konfirmasi_selesai),
  },
  ditutup_tanpa_konfirmasi: {
    after: 'selesai',
    // The reporter stays silent: the sweep runs once 11 working days have passed.
    step: async (h) => {
      const calendar = await h.platform.calendar.current();
      const restore = setClock(h.platform, calendar.addWorkingDays(h.platform.clock.now(), 11));
      try {
        await runClocks(h.platform);
      } finally {
        restore();
      }
    },
  },
};

export type Harness = { app: FastifyInstance; platform: Platform; cast: Cast };

/**
 * A fresh report by cast.reporter, driven through the real API into `status`: dispositioned to
 * Surabaya (35.78) and its water agency, handled by the cast's officers there.
 */
export async function driveTo(
  harness: Harness,
  status: Status,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const path: Status[] = [];
  for (let current: Status | null = status; current; current = ROUTE_TO[current].after) path.unshift(current);
  const trackingId = await fileReport(harness.app, harness.cast.reporter, overrides);
  for (const state of path) await ROUTE_TO[state].step(harness, trackingId);
  const reached = await readComplaint(harness.app, harness.cast.nasional, trackingId);
  if (reached.status !== status) throw new Error(`driving to ${status} ended in ${reached.status}`);
  return trackingId;
}

/** One number from SQL, e.g. `select count(*) from …`. */
export async function queryNumber(platform: Platform, text: string, values: unknown[] = []): Promise<number> {
  const { rows } = await platform.database.executeSql(text, values);
  const first = rows[0] as Record<string, unknown> | undefined;
  return Number(first ? Object.values(first)[0] : Number.NaN);
}

export async function queryRows<T>(platform: Platform, text: string, values: unknown[] = []): Promise<T[]> {
  return (await platform.database.executeSql(text, values)).rows as T[];
}

// ---------------------------------------------------------------------------------------------
// Attachments

/** A small valid PNG, as a phone's photo would be after the platform re-encodes it. */
export async function tinyPng(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#2e86c1' } })
    .png()
    .toBuffer();
}

/** Sends a file as a browser form does; `headers` carry the caller's credentials. */
export function uploadAttachment(
  app: FastifyInstance,
  headers: Record<string, string>,
  trackingId: string,
  fileName: string,
  bytes: Buffer,
): Promise<LightMyRequestResponse> {
  return postFile(app, headers, `/api/v1/complaints/${trackingId}/attachments`, fileName, bytes);
}

/** POSTs one file as multipart/form-data (field "file") to `url`, as a browser form does. */
export function postFile(
  app: FastifyInstance,
  headers: Record<string, string>,
  url: string,
  fileName: string,
  bytes: Buffer,
): Promise<LightMyRequestResponse> {
  const boundary = `----terpadu${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return app.inject({
    method: 'POST',
    url,
    headers: {
      ...headers,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}
