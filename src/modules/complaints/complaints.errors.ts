import { defineErrors } from '../../platform/http/errors.ts';

export const ComplaintErrors = defineErrors({
  COMPLAINT_NOT_FOUND: { status: 404, id: 'Laporan tidak ditemukan.', en: 'Report not found.' },
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    id: 'Tindakan ini tidak dapat dilakukan pada status laporan saat ini.',
    en: 'This action is not possible in the report’s current status.',
  },
  ACTION_FORBIDDEN: {
    status: 403,
    id: 'Peran Anda tidak dapat melakukan tindakan ini pada laporan ini.',
    en: 'Your role cannot take this action on this report.',
  },
  COMPLAINT_CHANGED: {
    status: 409,
    id: 'Laporan baru saja diubah oleh orang lain. Muat ulang lalu coba lagi.',
    en: 'The report was just changed by someone else. Reload and try again.',
  },
  PRIVACY_LOWERING: {
    status: 409,
    id: 'Tingkat kerahasiaan hanya boleh dinaikkan (publik → anonim atau rahasia).',
    en: 'Privacy may only be raised (publik → anonim or rahasia).',
  },
  REGION_UNKNOWN: {
    status: 400,
    id: 'Kode wilayah tidak terdaftar di Kemendagri.',
    en: 'The region code is not a Kemendagri area.',
  },
  CATEGORY_UNKNOWN: { status: 400, id: 'Kategori tidak dikenal.', en: 'Unknown category.' },
  TARGET_AGENCY_INVALID: {
    status: 400,
    id: 'Instansi tujuan tidak valid untuk tindakan ini.',
    en: 'The target agency is not valid for this action.',
  },
  REPORTER_NOT_FOUND: {
    status: 400,
    id: 'Tidak ada akun warga dengan email tersebut. Daftarkan warga terlebih dahulu.',
    en: 'No citizen account has that e-mail. Register the citizen first.',
  },
  IDENTITY_PROTECTED: {
    status: 403,
    id: 'Identitas pelapor anonim tidak dapat dilihat oleh siapa pun.',
    en: 'The identity of an anonymous reporter cannot be seen by anyone.',
  },
  TOO_MANY_ATTACHMENTS: {
    status: 409,
    id: 'Jumlah lampiran untuk laporan ini sudah mencapai batas.',
    en: 'This report already has the maximum number of attachments.',
  },
  PDF_NOT_FOR_ANONYMOUS: {
    status: 415,
    id: 'Laporan anonim hanya menerima foto (JPEG/PNG): berkas PDF dapat memuat nama penulisnya. Kirim dokumen sebagai foto.',
    en: 'Anonymous reports accept photos only (JPEG/PNG): a PDF can carry its author’s name. Send the document as a photo.',
  },
  ATTACHMENT_NOT_FOUND: { status: 404, id: 'Lampiran tidak ditemukan.', en: 'Attachment not found.' },
  ALREADY_RATED: { status: 409, id: 'Laporan ini sudah dinilai.', en: 'This report has already been rated.' },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    id: 'Header Idempotency-Key harus 8–100 karakter huruf, angka, titik, garis bawah atau tanda hubung.',
    en: 'The Idempotency-Key header must be 8–100 letters, digits, dots, underscores or dashes.',
  },
  OWN_REPORT: {
    status: 409,
    id: 'Ini laporan Anda sendiri: Anda sudah menerima setiap perkembangannya.',
    en: 'This is your own report: you already receive every update on it.',
  },
  ALREADY_JOINED: {
    status: 409,
    id: 'Anda sudah ikut melapor pada laporan ini.',
    en: 'You have already joined this report.',
  },
  REPORT_CLOSED: {
    status: 409,
    id: 'Laporan ini sudah selesai atau ditutup, sehingga tidak dapat diikuti atau digabungkan.',
    en: 'This report is resolved or closed, so it cannot be joined or merged.',
  },
  MERGE_WITH_ITSELF: {
    status: 400,
    id: 'Laporan tidak dapat digabungkan dengan dirinya sendiri.',
    en: 'A report cannot be merged with itself.',
  },
  MERGE_RAHASIA: {
    status: 409,
    id: 'Laporan rahasia tidak dapat digabungkan: isinya dan pelapornya tidak boleh dilihat pelapor lain.',
    en: 'A rahasia (confidential) report cannot be merged: its content and reporter must stay hidden from other reporters.',
  },
  MERGE_CHAIN: {
    status: 409,
    id: 'Laporan ini sudah menjadi laporan utama bagi laporan lain. Gabungkan laporan lain ke laporan ini, atau batalkan penggabungannya dahulu.',
    en: 'Other reports are already merged into this one. Merge the others into it, or undo their merge first.',
  },
  NOT_MERGED: {
    status: 409,
    id: 'Laporan ini tidak sedang digabungkan ke laporan lain.',
    en: 'This report is not merged into another one.',
  },
});
