import { defineErrors } from '../../platform/http/errors.ts';

export const InsightsErrors = defineErrors({
  TRAINING_DATA_INVALID: {
    status: 400,
    id: 'Data latih tidak dapat dipakai.',
    en: 'The training data cannot be used.',
  },
  MODEL_INVALID: {
    status: 422,
    id: 'Berkas model tidak ada atau rusak; model yang aktif tetap dipakai.',
    en: 'The model file is missing or corrupt; the active model stays in use.',
  },
  MODEL_NOT_FOUND: { status: 404, id: 'Model tidak ditemukan.', en: 'Model not found.' },
  NO_ACTIVE_MODEL: {
    status: 409,
    id: 'Belum ada model rute yang aktif. Latih dan aktifkan model terlebih dahulu.',
    en: 'No routing model is active yet. Train and activate a model first.',
  },
  NO_PREVIOUS_MODEL: {
    status: 409,
    id: 'Tidak ada model sebelumnya untuk dipulihkan.',
    en: 'There is no previous model to roll back to.',
  },
});
