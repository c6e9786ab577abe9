import { defineErrors } from '../../platform/http/errors.ts';

export const StatisticsErrors = defineErrors({
  STATISTICS_AGENCY_UNKNOWN: {
    status: 400,
    id: 'Instansi pada filter tidak dikenal.',
    en: 'The agency in the filter is unknown.',
  },
  STATISTICS_EXPORT_TOO_LARGE: {
    status: 400,
    id: 'Terlalu banyak laporan untuk diekspor sekaligus. Persempit rentang tanggal.',
    en: 'Too many reports to export at once. Narrow the date range.',
  },
});
