import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { aktaKelahiranService } from '../../src/modules/catalog/index.ts';
import { importAgencies } from '../../src/modules/identity/index.ts';
import { postFile } from './complaints.ts';
import { asBearer, type Credentials, makeCitizen, makeOfficer, type Session } from './factories.ts';
import type { TestContext } from './test-platform.ts';

/** Surabaya's civil-registration office, where the birth-certificate service lives in these tests. */
export const CAPIL_UNIT = '35.78/dispendukcapil';

export type CatalogCast = {
  /** admin-instansi of Kota Surabaya: publishes services, approves (second step). */
  admin: Session & Credentials;
  /** penghubung of the civil-registration office: verifies (first step). */
  verifier: Session & Credentials;
  citizen: Session & Credentials & { nik: string };
  otherCitizen: Session & Credentials & { nik: string };
  adminSidoarjo: Session & Credentials;
  penghubungSidoarjo: Session & Credentials;
  pengawas: Session & Credentials;
};

export async function makeCatalogCast(context: TestContext): Promise<CatalogCast> {
  await importAgencies(context.platform.database.db, {
    csv: 'code,name,parent_code\ndispendukcapil,Dinas Kependudukan dan Pencatatan Sipil,35.78\ndispendukcapil,Dinas Kependudukan dan Pencatatan Sipil Sidoarjo,35.15\n',
    actor: 'system',
  });
  const { app, platform } = context;
  return {
    admin: await makeOfficer(app, platform, 'admin-instansi', '35.78'),
    verifier: await makeOfficer(app, platform, 'penghubung', CAPIL_UNIT),
    citizen: await makeCitizen(app),
    otherCitizen: await makeCitizen(app),
    adminSidoarjo: await makeOfficer(app, platform, 'admin-instansi', '35.15'),
    penghubungSidoarjo: await makeOfficer(app, platform, 'penghubung', '35.15/dispendukcapil'),
    pengawas: await makeOfficer(app, platform, 'pengawas', CAPIL_UNIT),
  };
}

export type Json = Record<string, unknown>;

export function call(
  app: FastifyInstance,
  session: { token: string } | undefined,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url: `/api/v1${url}`,
    headers: session ? asBearer(session) : {},
    ...(payload === undefined ? {} : { payload: payload as Json }),
  });
}

/** Creates the birth-certificate draft for the unit (optionally changed) and publishes it; returns its id. */
export async function publishAkta(
  app: FastifyInstance,
  admin: Session,
  change: (content: ReturnType<typeof aktaKelahiranService>) => void = () => {},
): Promise<string> {
  const content = aktaKelahiranService();
  change(content);
  const created = await call(app, admin, 'POST', '/catalog/services', {
    agencyCode: CAPIL_UNIT,
    slug: `akta-kelahiran-${randomBytes(3).toString('hex')}`,
    content,
  });
  if (created.statusCode !== 201) throw new Error(`create failed: ${created.body}`);
  const id = created.json().id as string;
  const published = await call(app, admin, 'POST', `/catalog/services/${id}/publish`);
  if (published.statusCode !== 200) throw new Error(`publish failed: ${published.body}`);
  return id;
}

/** Sends a file as a browser form does. */
export function upload(
  app: FastifyInstance,
  session: { token: string } | undefined,
  url: string,
  fileName: string,
  bytes: Buffer,
): Promise<LightMyRequestResponse> {
  return postFile(app, session ? asBearer(session) : {}, `/api/v1${url}`, fileName, bytes);
}

export const CHILD = {
  namaAnak: 'Budi Santoso',
  tanggalLahirAnak: '2026-11-02',
  tempatLahirAnak: 'Surabaya',
  jenisKelaminAnak: 'L',
  namaIbu: 'Siti Rahayu',
};

/** A started, filled, documented and submitted application; returns its reference number. */
export async function submitAkta(app: FastifyInstance, citizen: Session, serviceId: string, photo: Buffer) {
  const started = await call(app, citizen, 'POST', '/applications', { serviceId });
  if (started.statusCode !== 201) throw new Error(`start failed: ${started.body}`);
  const reference = started.json().referenceNumber as string;
  const values = { ...started.json().values, ...CHILD };
  await call(app, citizen, 'PUT', `/applications/${reference}/draft`, { values });
  await upload(
    app,
    citizen,
    `/applications/${reference}/documents?requirement=surat-kelahiran`,
    'surat.png',
    photo,
  );
  const submitted = await call(app, citizen, 'POST', `/applications/${reference}/submit`);
  if (submitted.statusCode !== 200) throw new Error(`submit failed: ${submitted.body}`);
  return reference;
}
