import type { Database } from '../../platform/db/database.ts';
import { upsertCategories } from './complaints.repository.ts';

/** Sectors used to classify reports, loaded once; admins rename and extend them afterwards. */
const CATEGORIES: Array<{ code: string; name: string; nameEn: string; isOversight?: boolean }> = [
  { code: 'infrastruktur', name: 'Infrastruktur (jalan, jembatan, drainase)', nameEn: 'Infrastructure' },
  { code: 'lingkungan-hidup', name: 'Lingkungan hidup dan kebersihan', nameEn: 'Environment and sanitation' },
  { code: 'kesehatan', name: 'Kesehatan', nameEn: 'Health' },
  { code: 'pendidikan', name: 'Pendidikan', nameEn: 'Education' },
  { code: 'kependudukan', name: 'Administrasi kependudukan', nameEn: 'Civil registration' },
  { code: 'perhubungan', name: 'Perhubungan dan lalu lintas', nameEn: 'Transport and traffic' },
  { code: 'sosial', name: 'Sosial dan bantuan sosial', nameEn: 'Social welfare' },
  { code: 'ketertiban-umum', name: 'Ketertiban umum dan keamanan', nameEn: 'Public order' },
  { code: 'perizinan', name: 'Perizinan dan investasi', nameEn: 'Permits and investment' },
  { code: 'ketenagakerjaan', name: 'Ketenagakerjaan', nameEn: 'Employment' },
  { code: 'pertanahan', name: 'Pertanahan dan tata ruang', nameEn: 'Land and spatial planning' },
  { code: 'air-bersih', name: 'Air bersih dan sanitasi', nameEn: 'Water supply' },
  { code: 'energi', name: 'Listrik dan energi', nameEn: 'Electricity and energy' },
  { code: 'bencana', name: 'Penanggulangan bencana', nameEn: 'Disaster management' },
  { code: 'pajak-retribusi', name: 'Pajak dan retribusi daerah', nameEn: 'Local taxes and levies' },
  { code: 'pelayanan-publik', name: 'Kualitas pelayanan publik', nameEn: 'Public service quality' },
  {
    code: 'kepegawaian',
    name: 'Kepegawaian dan perilaku aparatur',
    nameEn: 'Civil servants and conduct',
    isOversight: true,
  },
  {
    code: 'pungli-korupsi',
    name: 'Pungutan liar dan korupsi',
    nameEn: 'Illegal levies and corruption',
    isOversight: true,
  },
  { code: 'pengadaan', name: 'Pengadaan barang dan jasa', nameEn: 'Public procurement', isOversight: true },
  { code: 'lainnya', name: 'Lainnya', nameEn: 'Other' },
];

export async function seedCategories(db: Database): Promise<void> {
  await upsertCategories(
    db,
    CATEGORIES.map((category) => ({ ...category, isOversight: category.isOversight ?? false })),
  );
}
