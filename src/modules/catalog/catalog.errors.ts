import { defineErrors } from '../../platform/http/errors.ts';

export const CatalogErrors = defineErrors({
  SERVICE_NOT_FOUND: { status: 404, id: 'Layanan tidak ditemukan.', en: 'Service not found.' },
  SERVICE_SLUG_TAKEN: {
    status: 409,
    id: 'Instansi ini sudah punya layanan dengan kode tersebut.',
    en: 'This agency already has a service with that code.',
  },
  SERVICE_NOT_PUBLISHABLE: {
    status: 422,
    id: 'Layanan belum dapat diterbitkan: lengkapi isian yang disebutkan.',
    en: 'The service cannot be published yet: complete the listed items.',
  },
  SERVICE_NOT_PUBLISHED: {
    status: 409,
    id: 'Layanan ini belum diterbitkan sehingga belum dapat diajukan.',
    en: 'This service is not published, so it cannot be applied for yet.',
  },
  SERVICE_WITHDRAWN: {
    status: 409,
    id: 'Layanan ini telah ditarik oleh instansinya dan tidak menerima permohonan baru. Permohonan yang sudah dikirim tetap diproses.',
    en: 'This service has been withdrawn by its agency and takes no new applications. Applications already sent are still processed.',
  },
  AGENCY_OUT_OF_REACH: {
    status: 403,
    id: 'Instansi tersebut di luar kewenangan Anda.',
    en: 'That agency is outside your authority.',
  },
  CATALOG_AGENCY_UNKNOWN: { status: 400, id: 'Instansi tidak dikenal.', en: 'Unknown agency.' },
  IMPORT_FILE_INVALID: {
    status: 400,
    id: 'Berkas impor layanan tidak valid.',
    en: 'The service import file is not valid.',
  },
  APPLICATION_NOT_FOUND: { status: 404, id: 'Permohonan tidak ditemukan.', en: 'Application not found.' },
  APPLICATION_NOT_EDITABLE: {
    status: 409,
    id: 'Permohonan ini sudah dikirim dan tidak dapat diubah sekarang.',
    en: 'This application has been submitted and cannot be changed now.',
  },
  APPLICATION_INCOMPLETE: {
    status: 400,
    id: 'Permohonan belum lengkap. Draf Anda tetap tersimpan.',
    en: 'The application is incomplete. Your draft is kept.',
  },
  APPLICATION_VALUES_INVALID: {
    status: 400,
    id: 'Isian formulir tidak valid. Draf sebelumnya tetap tersimpan.',
    en: 'The form values are not valid. The previous draft is kept.',
  },
  DOCUMENT_REQUIREMENT_UNKNOWN: {
    status: 400,
    id: 'Dokumen tersebut tidak diminta oleh layanan ini.',
    en: 'This service does not ask for that document.',
  },
  APPLICATION_ACTION_FORBIDDEN: {
    status: 403,
    id: 'Peran Anda tidak dapat melakukan tindakan ini pada tahap permohonan sekarang.',
    en: 'Your role cannot take this action at the application’s current step.',
  },
  APPLICATION_ACTION_NOT_AVAILABLE: {
    status: 409,
    id: 'Tindakan ini tidak tersedia pada tahap permohonan sekarang.',
    en: 'This action is not available at the application’s current step.',
  },
  APPLICATION_CHANGED: {
    status: 409,
    id: 'Permohonan baru saja diubah oleh orang lain. Muat ulang lalu coba lagi.',
    en: 'The application was just changed by someone else. Reload and try again.',
  },
  NOTE_REQUIRED: {
    status: 400,
    id: 'Tuliskan alasan atau hal yang perlu diperbaiki.',
    en: 'Write the reason or what needs correcting.',
  },
  SURVEY_NOT_OPEN: {
    status: 409,
    id: 'Survei hanya dapat diisi setelah layanan selesai, satu kali.',
    en: 'The survey can be answered once, after the service is complete.',
  },
  RESULT_NOT_FOUND: { status: 404, id: 'Dokumen hasil tidak ditemukan.', en: 'Result document not found.' },
  BUNDLE_SERVICE_INVALID: {
    status: 400,
    id: 'Setiap layanan dalam paket harus sudah terbit dan termasuk peristiwa hidup tersebut.',
    en: 'Every service of a bundle must be published and belong to that life event.',
  },
  UPLOAD_NOT_FOUND: { status: 404, id: 'Berkas tidak ditemukan.', en: 'File not found.' },
});
