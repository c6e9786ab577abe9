import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInsightsContext } from '../../src/app.ts';
import { installModel, type ModelKind } from '../../src/modules/insights/index.ts';
import { saveModel } from '../../src/modules/insights/model-files.ts';
import { trainRouter } from '../../src/modules/insights/router.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { addTestUnits, type Cast, makeCast } from './complaints.ts';
import { startTestApp, type TestContext } from './test-platform.ts';

/**
 * Made-up reports (no real person's text) for three Surabaya agencies, the first two of which the
 * test platform has as units of 35.78 (see addTestUnits); labels are agency names, as in a CSV
 * export of another system.
 */
const TOPICS: Record<string, string[]> = {
  'Dinas Sumber Daya Air dan Bina Marga': [
    'jalan berlubang',
    'aspal jalan rusak parah',
    'saluran air tersumbat',
    'banjir setiap hujan',
    'paving ambles',
    'gorong-gorong mampet',
  ],
  'Dinas Kesehatan': [
    'antrean puskesmas lama',
    'obat di puskesmas habis',
    'pelayanan bidan kurang ramah',
    'jadwal vaksin anak',
    'dokter puskesmas tidak ada',
    'rujukan bpjs ditolak',
  ],
  'Dinas Kependudukan dan Pencatatan Sipil': [
    'ktp elektronik belum jadi',
    'akta kelahiran anak',
    'kartu keluarga salah nama',
    'pindah domisili ditolak',
    'nik tidak terdaftar',
    'cetak kk antre',
  ],
};
const FILLERS = [
  'mohon segera ditindaklanjuti',
  'sudah dua minggu',
  'di wilayah kami',
  'warga resah',
  'tolong dibantu',
];

export function syntheticReports(perLabel = 24): Array<{ text: string; label: string }> {
  const reports: Array<{ text: string; label: string }> = [];
  for (let index = 0; index < perLabel; index++) {
    for (const [label, phrases] of Object.entries(TOPICS)) {
      const phrase = phrases[index % phrases.length]!;
      const other = phrases[(index * 5 + 1) % phrases.length]!;
      reports.push({ text: `${phrase}, ${FILLERS[index % FILLERS.length]}. ${other}`, label });
    }
  }
  return reports;
}

/** Trains a model on the made-up reports and installs it in the platform's store. */
export async function installSyntheticModel(
  platform: Platform,
  options: { kind?: ModelKind; activate?: boolean; labelOf?: (label: string) => string } = {},
) {
  const examples = syntheticReports().map((report) => ({
    ...report,
    label: options.labelOf ? options.labelOf(report.label) : report.label,
  }));
  const { classifier, metadata } = trainRouter({
    examples,
    textColumn: 'text',
    labelColumn: 'instansi',
    featureColumns: [],
    source: 'csv',
    description: 'synthetic.csv',
    skipped: 0,
  });
  const directory = path.join(await mkdtemp(path.join(tmpdir(), 'terpadu-model-')), 'model');
  await saveModel(directory, classifier, metadata);
  return installModel(createInsightsContext(platform), {
    kind: options.kind ?? 'agency',
    directory,
    activate: options.activate ?? true,
    actorId: null,
  });
}

/**
 * A test app with the Surabaya units and the usual cast of officers, for routing tests: the
 * caller closes `context` in afterAll.
 */
export async function startRoutingApp(): Promise<{ context: TestContext; cast: Cast }> {
  const context = await startTestApp();
  await addTestUnits(context.platform);
  return { context, cast: await makeCast(context.app, context.platform) };
}
