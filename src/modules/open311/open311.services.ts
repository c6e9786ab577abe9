import { COMPLAINT_KINDS, PRIVACY_LEVELS } from '../complaints/index.ts';

/**
 * How the complaint categories appear as Open311 services: a group and search keywords for the
 * categories Terpadu ships (admins' own categories fall in "Lainnya" with keywords from their
 * names), and the attributes every service takes.
 */
const GROUPS: Array<{ group: string; codes: string[] }> = [
  {
    group: 'Infrastruktur dan lingkungan',
    codes: [
      'infrastruktur',
      'lingkungan-hidup',
      'perhubungan',
      'air-bersih',
      'energi',
      'pertanahan',
      'bencana',
    ],
  },
  { group: 'Layanan sosial', codes: ['kesehatan', 'pendidikan', 'sosial', 'ketenagakerjaan'] },
  {
    group: 'Administrasi dan perizinan',
    codes: ['kependudukan', 'perizinan', 'pajak-retribusi', 'pelayanan-publik'],
  },
  {
    group: 'Ketertiban dan integritas',
    codes: ['ketertiban-umum', 'kepegawaian', 'pungli-korupsi', 'pengadaan'],
  },
];

const KEYWORDS: Record<string, string[]> = {
  infrastruktur: ['jalan rusak', 'jalan berlubang', 'jembatan', 'drainase', 'trotoar', 'pothole'],
  'lingkungan-hidup': ['sampah', 'banjir', 'polusi', 'pohon tumbang', 'kebersihan', 'garbage'],
  kesehatan: ['puskesmas', 'rumah sakit', 'bpjs', 'obat', 'health'],
  pendidikan: ['sekolah', 'guru', 'ppdb', 'beasiswa', 'school'],
  kependudukan: ['ktp', 'kartu keluarga', 'akta kelahiran', 'dukcapil', 'id card'],
  perhubungan: ['lampu lalu lintas', 'parkir liar', 'angkutan umum', 'rambu', 'traffic'],
  sosial: ['bansos', 'pkh', 'bantuan sosial', 'welfare'],
  'ketertiban-umum': ['pkl', 'kebisingan', 'bangunan liar', 'noise'],
  perizinan: ['izin usaha', 'imb', 'pbg', 'oss', 'permit'],
  ketenagakerjaan: ['upah', 'phk', 'kartu kuning', 'employment'],
  pertanahan: ['sertifikat tanah', 'tata ruang', 'sengketa tanah', 'land'],
  'air-bersih': ['pdam', 'air mati', 'pipa bocor', 'sanitasi', 'water'],
  energi: ['listrik padam', 'pln', 'penerangan jalan', 'pju', 'streetlight'],
  bencana: ['banjir', 'longsor', 'gempa', 'bpbd', 'disaster'],
  'pajak-retribusi': ['pbb', 'retribusi', 'pajak daerah', 'tax'],
  'pelayanan-publik': ['antrean', 'pelayanan lambat', 'loket', 'service quality'],
  kepegawaian: ['asn', 'pns', 'perilaku petugas', 'disiplin', 'civil servant'],
  'pungli-korupsi': ['pungli', 'suap', 'korupsi', 'gratifikasi', 'bribery'],
  pengadaan: ['tender', 'lelang', 'pengadaan barang', 'procurement'],
};

export function groupOf(categoryCode: string): string {
  return GROUPS.find((entry) => entry.codes.includes(categoryCode))?.group ?? 'Lainnya';
}

export function keywordsOf(category: { code: string; name: string }): string {
  const known = KEYWORDS[category.code];
  if (known) return known.join(',');
  return category.name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 3 && word !== 'dan')
    .join(',');
}

export type ServiceAttribute = {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
};

/** Codes of the attributes (sent as `attribute[code]`). */
export const ATTRIBUTE_CODES = {
  kind: 'jenis',
  privacy: 'privasi',
  region: 'wilayah',
  title: 'judul',
} as const;

const KIND_NAMES: Record<(typeof COMPLAINT_KINDS)[number], string> = {
  pengaduan: 'Pengaduan / complaint',
  aspirasi: 'Aspirasi / suggestion',
  informasi: 'Permintaan informasi / information request',
};

const PRIVACY_NAMES: Record<(typeof PRIVACY_LEVELS)[number], string> = {
  publik: 'Publik: laporan dan lokasi terbuka / report and location public',
  anonim:
    'Anonim: laporan terbuka, identitas tidak disimpan, koordinat dibulatkan ±1 km / report public, no identity kept, coordinates rounded to ~1 km',
  rahasia: 'Rahasia: laporan tidak dipublikasikan / report not published',
};

/** The same four attributes for every service: what SP4N-LAPOR! asks of every report. */
export const SERVICE_ATTRIBUTES: ServiceAttribute[] = [
  {
    variable: true,
    code: ATTRIBUTE_CODES.kind,
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: 'pengaduan (bawaan / default), aspirasi atau informasi',
    order: 1,
    description: 'Jenis laporan / kind of report',
    values: COMPLAINT_KINDS.map((key) => ({ key, name: KIND_NAMES[key] })),
  },
  {
    variable: true,
    code: ATTRIBUTE_CODES.privacy,
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: 'publik (bawaan / default), anonim atau rahasia',
    order: 2,
    description: 'Kerahasiaan laporan / privacy of the report',
    values: PRIVACY_LEVELS.map((key) => ({ key, name: PRIVACY_NAMES[key] })),
  },
  {
    variable: true,
    code: ATTRIBUTE_CODES.region,
    datatype: 'string',
    required: false,
    datatype_description:
      'Kode wilayah Kemendagri: kabupaten/kota (35.78), kecamatan (35.78.01) atau desa/kelurahan (35.78.01.1001); bawaan: jurisdiction_id atau wilayah kunci API / default: jurisdiction_id or the API key’s region',
    order: 3,
    description: 'Wilayah kejadian / where it happened',
  },
  {
    variable: true,
    code: ATTRIBUTE_CODES.title,
    datatype: 'string',
    required: false,
    datatype_description:
      '10–200 karakter; bawaan: kalimat pertama uraian / default: the description’s first sentence',
    order: 4,
    description: 'Judul laporan / title',
  },
];
