import type { Language } from '../../i18n.ts';
import { useI18n } from '../../language.tsx';

/**
 * The words of similar reports, co-reporting and merging, in Bahasa Indonesia and English. Kept
 * beside the feature (not in i18n.ts) so that this feature's strings change in one place; English
 * must have exactly the Indonesian keys.
 */
const id = {
  'similar.title': 'Laporan serupa',
  'similar.lead':
    'Laporan terbuka di sekitar lokasi Anda yang mirip dengan yang sedang Anda tulis. Jika salah satunya membahas hal yang sama, Anda dapat ikut melapor: Anda akan menerima setiap perkembangannya tanpa mengirim laporan baru.',
  'similar.searching': 'Mencari laporan serupa…',
  'similar.found': '{count} laporan serupa ditemukan di sekitar lokasi Anda.',
  'similar.none': 'Belum ada laporan serupa di sekitar lokasi Anda.',
  'similar.failed': 'Laporan serupa tidak dapat dimuat. Anda tetap dapat mengirim laporan.',
  'similar.area.kelurahan': 'Kelurahan/desa yang sama',
  'similar.area.kecamatan': 'Kecamatan yang sama',
  'similar.area.kabupaten': 'Kabupaten/kota yang sama',
  'similar.reporters': '{count} warga melaporkan',
  'similar.submitted': 'Dilaporkan {date}',
  'similar.join': 'Ikut melapor',
  'similar.joinLabel': 'Ikut melapor: {title}',
  'similar.joining': 'Mendaftarkan…',
  'similar.joined':
    'Anda ikut melapor pada laporan {trackingId}. Kabar perkembangannya akan dikirim kepada Anda.',
  'similar.isYours': 'Laporan Anda sendiri',
  'similar.hasJoined': 'Anda sudah ikut melapor',
  'similar.open': 'Lihat laporan',
  'similar.continue': 'Jika tidak ada yang sama, lanjutkan mengisi dan kirim laporan Anda.',

  'merge.title': 'Laporan ganda',
  'merge.lead':
    'Laporan terbuka dalam wewenang Anda yang tampaknya membahas kejadian yang sama (teks mirip, wilayah sama, waktu berdekatan). Gabungkan menjadi satu kasus: laporan lain diarsipkan sebagai duplikat dan pelapornya menerima kabar dari laporan utama. Penggabungan dapat dibatalkan.',
  'merge.window': 'Selisih waktu laporan paling lama',
  'merge.window.days': '{days} hari',
  'merge.refresh': 'Tampilkan',
  'merge.empty': 'Tidak ada laporan ganda dalam wewenang Anda saat ini.',
  'merge.count': '{total} kelompok laporan ganda, paling mirip dahulu (halaman {page} dari {pages}).',
  'merge.pages': 'Halaman kelompok',
  'merge.previous': 'Sebelumnya',
  'merge.next': 'Berikutnya',
  'merge.group': 'Kelompok {number}: kemiripan {score}',
  'merge.primary': 'Laporan utama (yang dipertahankan)',
  'merge.include': 'Gabungkan laporan {trackingId} ke laporan utama',
  'merge.note': 'Catatan penggabungan',
  'merge.note.help': 'Alasan singkat; dikirim kepada para pelapor dan tercatat di riwayat.',
  'merge.note.required': 'Tulis catatan minimal 3 karakter.',
  'merge.pickOne': 'Pilih minimal satu laporan lain untuk digabungkan.',
  'merge.submit': 'Gabungkan ke {trackingId}',
  'merge.sending': 'Menggabungkan…',
  'merge.done': '{count} laporan digabungkan ke {trackingId}. Semua pelapor telah diberi tahu.',
  'merge.reporters': '{count} pelapor',
  'merge.queueLink': 'Laporan ganda',

  'merged.into': 'Laporan ini digabungkan ke laporan {trackingId} karena membahas hal yang sama.',
  'merged.intoLink': 'Buka laporan {trackingId}',
  'merged.duplicates': 'Laporan yang digabungkan ke laporan ini',
  'merged.undo': 'Batalkan penggabungan',
  'merged.undo.note': 'Alasan pembatalan',
  'merged.undo.submit': 'Batalkan penggabungan',
  'merged.undo.sending': 'Membatalkan…',
  'merged.undo.done': 'Penggabungan dibatalkan; laporan kembali ditangani tersendiri.',

  'timeline.ikut_melapor': 'Warga lain ikut melapor',
  'timeline.digabung': 'Digabungkan ke laporan lain',
  'timeline.penggabungan': 'Laporan serupa digabungkan',
  'timeline.pemisahan': 'Penggabungan dibatalkan',
};

type Key = keyof typeof id;

const en: Record<Key, string> = {
  'similar.title': 'Similar reports',
  'similar.lead':
    'Open reports near your location that look like the one you are writing. If one of them is about the same thing, you can join it as a co-reporter: you will receive every update without filing a new report.',
  'similar.searching': 'Looking for similar reports…',
  'similar.found': '{count} similar reports found near your location.',
  'similar.none': 'No similar reports near your location yet.',
  'similar.failed': 'Similar reports could not be loaded. You can still send your report.',
  'similar.area.kelurahan': 'Same village',
  'similar.area.kecamatan': 'Same district',
  'similar.area.kabupaten': 'Same regency/city',
  'similar.reporters': '{count} citizens reported this',
  'similar.submitted': 'Reported {date}',
  'similar.join': 'Join as co-reporter',
  'similar.joinLabel': 'Join as co-reporter: {title}',
  'similar.joining': 'Joining…',
  'similar.joined': 'You joined report {trackingId} as a co-reporter. Its updates will be sent to you.',
  'similar.isYours': 'Your own report',
  'similar.hasJoined': 'You have joined this report',
  'similar.open': 'View report',
  'similar.continue': 'If none is the same, continue and send your report.',

  'merge.title': 'Duplicate reports',
  'merge.lead':
    'Open reports within your authority that seem to be about the same event (similar text, same area, filed close together). Merge them into one case: the others are archived as duplicates and their reporters follow the primary report. A merge can be undone.',
  'merge.window': 'Filed at most this far apart',
  'merge.window.days': '{days} days',
  'merge.refresh': 'Show',
  'merge.empty': 'No duplicate reports within your authority right now.',
  'merge.count': '{total} groups of duplicate reports, most similar first (page {page} of {pages}).',
  'merge.pages': 'Group pages',
  'merge.previous': 'Previous',
  'merge.next': 'Next',
  'merge.group': 'Group {number}: similarity {score}',
  'merge.primary': 'Primary report (the one kept)',
  'merge.include': 'Merge report {trackingId} into the primary report',
  'merge.note': 'Merge note',
  'merge.note.help': 'A short reason; sent to the reporters and kept in the history.',
  'merge.note.required': 'Write a note of at least 3 characters.',
  'merge.pickOne': 'Choose at least one other report to merge.',
  'merge.submit': 'Merge into {trackingId}',
  'merge.sending': 'Merging…',
  'merge.done': '{count} reports merged into {trackingId}. Every reporter has been notified.',
  'merge.reporters': '{count} reporters',
  'merge.queueLink': 'Duplicate reports',

  'merged.into': 'This report was merged into report {trackingId} because it is about the same thing.',
  'merged.intoLink': 'Open report {trackingId}',
  'merged.duplicates': 'Reports merged into this one',
  'merged.undo': 'Undo the merge',
  'merged.undo.note': 'Reason for undoing',
  'merged.undo.submit': 'Undo the merge',
  'merged.undo.sending': 'Undoing…',
  'merged.undo.done': 'Merge undone; the report is handled on its own again.',

  'timeline.ikut_melapor': 'Another citizen joined as co-reporter',
  'timeline.digabung': 'Merged into another report',
  'timeline.penggabungan': 'A similar report was merged in',
  'timeline.pemisahan': 'Merge undone',
};

const messages: Record<Language, Record<Key, string>> = { id, en };

export function duplicatesText(language: Language, key: Key, values?: Record<string, string>): string {
  const template = messages[language][key];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

/** `d('similar.title')` in the current language. */
export function useDuplicatesText() {
  const { language } = useI18n();
  return (key: Key, values?: Record<string, string>) => duplicatesText(language, key, values);
}

const TIMELINE_KINDS = new Set(['ikut_melapor', 'digabung', 'penggabungan', 'pemisahan']);

/** The label of a timeline event of this feature, or undefined for the others. */
export function duplicatesTimelineLabel(language: Language, kind: string): string | undefined {
  return TIMELINE_KINDS.has(kind) ? duplicatesText(language, `timeline.${kind}` as Key) : undefined;
}
