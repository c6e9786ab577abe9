/** The catalogue's fixed vocabulary, without Zod, so that the web bundles it as plain data. */

/**
 * The 14 components of a Standar Pelayanan (Permen PANRB 15/2014). The first six are the service
 * delivery components (komponen penyampaian pelayanan): without them a service is not published.
 */
export const DELIVERY_COMPONENTS = [
  'persyaratan',
  'prosedur',
  'jangkaWaktu',
  'biaya',
  'produk',
  'pengaduan',
] as const;
export const MANAGEMENT_COMPONENTS = [
  'dasarHukum',
  'sarana',
  'kompetensi',
  'pengawasanInternal',
  'jumlahPelaksana',
  'jaminanPelayanan',
  'jaminanKeamanan',
  'evaluasiKinerja',
] as const;
export const STANDARD_COMPONENTS = [...DELIVERY_COMPONENTS, ...MANAGEMENT_COMPONENTS] as const;
export type StandardComponent = (typeof STANDARD_COMPONENTS)[number];

export const COMPONENT_LABELS: Record<StandardComponent, { id: string; en: string }> = {
  persyaratan: { id: 'Persyaratan', en: 'Requirements' },
  prosedur: { id: 'Sistem, mekanisme, dan prosedur', en: 'System, mechanism and procedure' },
  jangkaWaktu: { id: 'Jangka waktu penyelesaian', en: 'Time to complete' },
  biaya: { id: 'Biaya/tarif', en: 'Cost/tariff' },
  produk: { id: 'Produk pelayanan', en: 'Service product' },
  pengaduan: { id: 'Penanganan pengaduan, saran, dan masukan', en: 'Complaint handling' },
  dasarHukum: { id: 'Dasar hukum', en: 'Legal basis' },
  sarana: { id: 'Sarana, prasarana, dan/atau fasilitas', en: 'Facilities' },
  kompetensi: { id: 'Kompetensi pelaksana', en: 'Staff competence' },
  pengawasanInternal: { id: 'Pengawasan internal', en: 'Internal oversight' },
  jumlahPelaksana: { id: 'Jumlah pelaksana', en: 'Number of staff' },
  jaminanPelayanan: { id: 'Jaminan pelayanan', en: 'Service guarantee' },
  jaminanKeamanan: { id: 'Jaminan keamanan dan keselamatan pelayanan', en: 'Security and safety guarantee' },
  evaluasiKinerja: { id: 'Evaluasi kinerja pelaksana', en: 'Staff performance evaluation' },
};

export const LIFE_EVENTS = [
  'kelahiran',
  'pernikahan',
  'pindah-domisili',
  'memulai-usaha',
  'kematian',
] as const;

/** Profile facts the platform already knows and copies into a form ("once only"). */
export const PREFILL_SOURCES = ['name', 'nik', 'email', 'phone', 'birthDate', 'sex'] as const;

/** Roles that can be put in charge of a workflow step. */
export const PROCESSING_ROLES = ['admin-instansi', 'penghubung'] as const;

export const ACTION_KINDS = ['lanjut', 'kembalikan', 'terbitkan', 'tolak'] as const;

/** The 9 elements of the Survei Kepuasan Masyarakat (Permen PANRB 14/2017), U1–U9 in order. */
export const SURVEY_ELEMENTS = [
  { id: 'Persyaratan', en: 'Requirements' },
  { id: 'Sistem, mekanisme, dan prosedur', en: 'Procedure' },
  { id: 'Waktu penyelesaian', en: 'Time' },
  { id: 'Biaya/tarif', en: 'Cost' },
  { id: 'Produk spesifikasi jenis pelayanan', en: 'Product' },
  { id: 'Kompetensi pelaksana', en: 'Staff competence' },
  { id: 'Perilaku pelaksana', en: 'Staff behaviour' },
  { id: 'Penanganan pengaduan, saran, dan masukan', en: 'Complaint handling' },
  { id: 'Sarana dan prasarana', en: 'Facilities' },
] as const;
