import { randomBytes } from 'node:crypto';
import {
  aktaKelahiranService,
  type CatalogContext,
  ensurePublishedService,
  jknBayiService,
  kartuKeluargaKelahiranService,
  ServiceContent,
} from './modules/catalog/index.ts';
import {
  createCitizenByOperator,
  createOfficer,
  getAgency,
  type IdentityContext,
  importAgencies,
  type Role,
  setPasswordByOperator,
} from './modules/identity/index.ts';

export type DemoAccount = {
  role: Role | 'warga';
  /** What the CLI prints beside the account (the role, or the role and its unit). */
  label: string;
  email: string;
  password: string;
  agencyCode: string | null;
};

const DEMO_REGENCY = '35.78';
const DEMO_UNITS = [
  { code: 'dinas-sda', name: 'Dinas Sumber Daya Air dan Bina Marga' },
  { code: 'dinas-kesehatan', name: 'Dinas Kesehatan' },
  { code: 'dispendukcapil', name: 'Dinas Kependudukan dan Pencatatan Sipil' },
  { code: 'inspektorat', name: 'Inspektorat' },
];

const DEMO_OFFICERS: Array<{ role: Role; agencyCode: string; name: string; key?: string }> = [
  { role: 'sysadmin', agencyCode: 'komdigi', name: 'Demo Administrator Sistem' },
  { role: 'admin-nasional', agencyCode: 'kemenpanrb', name: 'Demo Admin Nasional' },
  { role: 'admin-instansi', agencyCode: DEMO_REGENCY, name: 'Demo Admin Kota Surabaya' },
  { role: 'penghubung', agencyCode: `${DEMO_REGENCY}/dinas-sda`, name: 'Demo Penghubung Dinas SDA' },
  { role: 'pengawas', agencyCode: `${DEMO_REGENCY}/inspektorat`, name: 'Demo Pengawas Inspektorat' },
  // Takes the first step (document check) of the demo birth-certificate and family-card services.
  {
    role: 'penghubung',
    agencyCode: `${DEMO_REGENCY}/dispendukcapil`,
    name: 'Demo Penghubung Dispendukcapil',
    key: 'penghubung.capil',
  },
  // Takes the first step of the newborn's health-insurance enrolment.
  {
    role: 'penghubung',
    agencyCode: `${DEMO_REGENCY}/dinas-kesehatan`,
    name: 'Demo Penghubung Dinas Kesehatan',
    key: 'penghubung.dinkes',
  },
];

/** A NIK registered in Karang Pilang, Surabaya; the person is fictional. */
const DEMO_CITIZEN_NIK = '3578011205900001';

function demoEmail(role: string): string {
  return `demo.${role}@terpadu.local`;
}

/**
 * Kota Surabaya with four units and one account per role, for trying the platform. Running it
 * again keeps the data and gives every demo account a new password (printed by the CLI).
 */
export async function seedDemo(context: IdentityContext): Promise<DemoAccount[]> {
  await importAgencies(context.db, {
    csv: [
      'code,name,parent_code',
      ...DEMO_UNITS.map((unit) => `${unit.code},${unit.name},${DEMO_REGENCY}`),
    ].join('\n'),
    actor: 'system',
  });
  const accounts: DemoAccount[] = [];
  for (const officer of DEMO_OFFICERS) {
    const email = demoEmail(officer.key ?? officer.role);
    const password = randomBytes(9).toString('base64url');
    if (!(await setPasswordByOperator(context, { email, password }))) {
      await getAgency(context, { code: officer.agencyCode });
      await createOfficer(context, {
        actor: 'system',
        input: { email, name: officer.name, role: officer.role, agencyCode: officer.agencyCode, password },
      });
    }
    accounts.push({
      role: officer.role,
      label: officer.key ?? officer.role,
      email,
      password,
      agencyCode: officer.agencyCode,
    });
  }
  const citizenEmail = demoEmail('warga');
  const citizenPassword = randomBytes(9).toString('base64url');
  if (!(await setPasswordByOperator(context, { email: citizenEmail, password: citizenPassword }))) {
    await createCitizenByOperator(context, {
      input: {
        email: citizenEmail,
        name: 'Demo Warga Surabaya',
        password: citizenPassword,
        nik: DEMO_CITIZEN_NIK,
        verified: true,
      },
    });
  }
  accounts.push({
    role: 'warga',
    label: 'warga',
    email: citizenEmail,
    password: citizenPassword,
    agencyCode: null,
  });
  return accounts;
}

/**
 * The demo birth-certificate service (akta kelahiran) of Surabaya's civil-registration office,
 * published with its two-step workflow (the office's penghubung verifies, the city's
 * admin-instansi approves and issues), and the two other services of the "kelahiran" life-event
 * bundle: the family-card update (same office) and the newborn's health-insurance enrolment
 * (Dinas Kesehatan). Running it again changes nothing. Returns the birth certificate's id.
 */
export async function seedDemoCatalog(context: CatalogContext): Promise<string> {
  const aktaId = await ensurePublishedService(context, {
    agencyCode: `${DEMO_REGENCY}/dispendukcapil`,
    slug: 'akta-kelahiran',
    content: ServiceContent.parse(aktaKelahiranService()),
  });
  await ensurePublishedService(context, {
    agencyCode: `${DEMO_REGENCY}/dispendukcapil`,
    slug: 'kk-kelahiran',
    content: ServiceContent.parse(kartuKeluargaKelahiranService()),
  });
  await ensurePublishedService(context, {
    agencyCode: `${DEMO_REGENCY}/dinas-kesehatan`,
    slug: 'jkn-bayi',
    content: ServiceContent.parse(jknBayiService()),
  });
  return aktaId;
}
