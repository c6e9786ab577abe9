import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CAPIL_UNIT,
  type CatalogCast,
  CHILD,
  call,
  makeCatalogCast,
  publishAkta,
  submitAkta,
  upload,
} from '../../../test/support/catalog.ts';
import { tinyPng } from '../../../test/support/complaints.ts';
import { problem } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { renderResultPdf } from '../../platform/documents/signed-document.ts';
import { aktaKelahiranService } from './akta-kelahiran.ts';

let context: TestContext;
let cast: CatalogCast;
let photo: Buffer;

beforeAll(async () => {
  context = await startTestApp();
  cast = await makeCatalogCast(context);
  photo = await tinyPng();
});
afterAll(async () => context?.close());

describe('publishing a service', () => {
  it('shows the missing components and refuses to publish without the six delivery components', async () => {
    const content = aktaKelahiranService();
    delete content.standard.biaya;
    delete content.standard.pengaduan;
    const created = await call(context.app, cast.admin, 'POST', '/catalog/services', {
      agencyCode: CAPIL_UNIT,
      slug: 'akta-tanpa-biaya',
      content,
    });
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json();
    expect(draft.status).toBe('draft');
    // 14 components: the birth-certificate sample writes 7, two of them removed here.
    expect(draft.missingComponents).toEqual(
      expect.arrayContaining(['biaya', 'pengaduan', 'sarana', 'kompetensi', 'evaluasiKinerja']),
    );
    expect(draft.missingComponents).toHaveLength(9);
    const refused = await call(context.app, cast.admin, 'POST', `/catalog/services/${draft.id}/publish`);
    expect(refused.statusCode).toBe(422);
    expect(problem(refused).code).toBe('SERVICE_NOT_PUBLISHABLE');
    expect(problem(refused).errors?.map((error) => error.field)).toEqual([
      'standard.biaya',
      'standard.pengaduan',
    ]);
    // Not in the catalogue, and no one can apply.
    const listed = await call(context.app, undefined, 'GET', '/public/services?q=tanpa');
    expect(listed.json().items).toEqual([]);
    const applied = await call(context.app, cast.citizen, 'POST', '/applications', { serviceId: draft.id });
    expect(applied.statusCode).toBe(409);
    expect(problem(applied).code).toBe('SERVICE_NOT_PUBLISHED');
  });

  it('refuses a workflow with a dead state', async () => {
    const id = await publishAkta(context.app, cast.admin);
    const content = aktaKelahiranService();
    content.workflow.states.push({ key: 'arsip', label: { id: 'Arsip' }, workingDays: 1 });
    content.workflow.actions.push({
      key: 'arsipkan',
      label: { id: 'Arsipkan' },
      from: 'verifikasi',
      kind: 'lanjut',
      to: 'arsip',
      role: 'penghubung',
    });
    const saved = await call(context.app, cast.admin, 'PUT', `/catalog/services/${id}`, { content });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().issues.map((issue: { code: string }) => issue.code)).toEqual(['DEAD_STATE']);
    const refused = await call(context.app, cast.admin, 'POST', `/catalog/services/${id}/publish`);
    expect(refused.statusCode).toBe(422);
    // The published version stays what citizens see.
    const page = await call(context.app, undefined, 'GET', `/public/services/${id}`);
    expect(page.json().version).toBe(1);
    expect(page.json().steps.map((step: { key: string }) => step.key)).toEqual(['verifikasi', 'persetujuan']);
  });

  it('keeps admins to their own agencies', async () => {
    const created = await call(context.app, cast.adminSidoarjo, 'POST', '/catalog/services', {
      agencyCode: CAPIL_UNIT,
      slug: 'akta-luar',
      content: aktaKelahiranService(),
    });
    expect(created.statusCode).toBe(403);
    expect(problem(created).code).toBe('AGENCY_OUT_OF_REACH');
  });
});

describe('the birth-certificate flow', () => {
  let serviceId: string;
  let reference: string;

  it('is found by searching "akta kelahiran", by life event and by agency, with its standard', async () => {
    serviceId = await publishAkta(context.app, cast.admin);
    for (const query of [
      'q=akta%20kelahiran',
      'lifeEvent=kelahiran',
      `agency=${encodeURIComponent('35.78')}`,
      'region=35.78',
    ]) {
      const found = await call(context.app, undefined, 'GET', `/public/services?${query}`);
      expect(found.statusCode, query).toBe(200);
      const item = found.json().items.find((candidate: { id: string }) => candidate.id === serviceId);
      expect(item, query).toBeDefined();
      expect(item.standard.biaya.id).toContain('gratis');
      expect(item.totalWorkingDays).toBe(5);
      expect(item.satisfaction).toMatchObject({ respondents: 0, ikm: null });
    }
    const elsewhere = await call(context.app, undefined, 'GET', '/public/services?agency=35.15&q=akta');
    expect(elsewhere.json().items).toEqual([]);
    const other = await call(context.app, undefined, 'GET', '/public/services?q=izin%20bangunan');
    expect(other.json().items).toEqual([]);
  });

  it('starts a draft prefilled from the profile and keeps it when bad values come', async () => {
    const started = await call(context.app, cast.citizen, 'POST', '/applications', { serviceId });
    expect(started.statusCode, started.body).toBe(201);
    const view = started.json();
    reference = view.referenceNumber;
    expect(view.status).toBe('draf');
    expect(view.prefilled).toEqual(['namaPelapor', 'nikPelapor']);
    expect(view.values).toEqual({ namaPelapor: 'Siti Rahayu', nikPelapor: cast.citizen.nik });

    const saved = await call(context.app, cast.citizen, 'PUT', `/applications/${reference}/draft`, {
      values: { namaAnak: 'Budi Santoso', nikPelapor: '0000000000000000' },
    });
    expect(saved.statusCode).toBe(200);
    // The profile's NIK stands: the citizen is not asked, and cannot change it here.
    expect(saved.json().values).toMatchObject({ namaAnak: 'Budi Santoso', nikPelapor: cast.citizen.nik });

    const bad = await call(context.app, cast.citizen, 'PUT', `/applications/${reference}/draft`, {
      values: { namaAnak: 'Budi', tanggalLahirAnak: '2026-02-30', kolomPalsu: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).code).toBe('APPLICATION_VALUES_INVALID');
    expect(
      problem(bad)
        .errors?.map((error) => error.field)
        .sort(),
    ).toEqual(['values.kolomPalsu', 'values.tanggalLahirAnak']);
    const kept = await call(context.app, cast.citizen, 'GET', `/applications/${reference}`);
    expect(kept.json().values.namaAnak).toBe('Budi Santoso');
  });

  it('refuses an incomplete submission, a wrong file type and an unknown document', async () => {
    const incomplete = await call(context.app, cast.citizen, 'POST', `/applications/${reference}/submit`);
    expect(incomplete.statusCode).toBe(400);
    expect(problem(incomplete).code).toBe('APPLICATION_INCOMPLETE');
    expect(problem(incomplete).errors?.map((error) => error.field)).toEqual(
      expect.arrayContaining(['values.tanggalLahirAnak', 'documents.surat-kelahiran']),
    );
    const wrongType = await upload(
      context.app,
      cast.citizen,
      `/applications/${reference}/documents?requirement=surat-kelahiran`,
      'surat.png',
      Buffer.from('<html>not an image</html>'),
    );
    expect(wrongType.statusCode).toBe(415);
    const unknown = await upload(
      context.app,
      cast.citizen,
      `/applications/${reference}/documents?requirement=ktp`,
      'ktp.png',
      photo,
    );
    expect(unknown.statusCode).toBe(400);
    expect(problem(unknown).code).toBe('DOCUMENT_REQUIREMENT_UNKNOWN');
    const still = await call(context.app, cast.citizen, 'GET', `/applications/${reference}`);
    expect(still.json().status).toBe('draf');
    expect(still.json().uploads).toEqual([]);
  });

  it('submits with a reference number and working-day deadlines', async () => {
    const current = (await call(context.app, cast.citizen, 'GET', `/applications/${reference}`)).json();
    await call(context.app, cast.citizen, 'PUT', `/applications/${reference}/draft`, {
      values: { ...current.values, ...CHILD },
    });
    const uploaded = await upload(
      context.app,
      cast.citizen,
      `/applications/${reference}/documents?requirement=surat-kelahiran`,
      'surat.png',
      photo,
    );
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const submitted = await call(context.app, cast.citizen, 'POST', `/applications/${reference}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(reference).toMatch(/^PMH-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(submitted.json()).toMatchObject({ status: 'diproses', state: { key: 'verifikasi' } });
    expect(Date.parse(submitted.json().dueAt)).toBeGreaterThan(Date.parse(submitted.json().stateDueAt));
    // Submitted: no more edits.
    const edit = await call(context.app, cast.citizen, 'PUT', `/applications/${reference}/draft`, {
      values: {},
    });
    expect(edit.statusCode).toBe(409);
  });

  it('puts it in the verifier’s queue, not the approver’s, and refuses acting out of turn', async () => {
    const verifierQueue = await call(context.app, cast.verifier, 'GET', '/applications/queue');
    const item = verifierQueue
      .json()
      .items.find((candidate: { referenceNumber: string }) => candidate.referenceNumber === reference);
    expect(item).toMatchObject({ state: 'verifikasi', isOverdue: false });
    expect(item.workingDaysLeft).toBeGreaterThanOrEqual(2);
    const adminQueue = await call(context.app, cast.admin, 'GET', '/applications/queue');
    expect(
      adminQueue.json().items.map((candidate: { referenceNumber: string }) => candidate.referenceNumber),
    ).not.toContain(reference);

    const wrongRole = await call(context.app, cast.admin, 'POST', `/applications/${reference}/actions`, {
      action: 'teruskan',
    });
    expect(wrongRole.statusCode).toBe(403);
    expect(problem(wrongRole).code).toBe('APPLICATION_ACTION_FORBIDDEN');
    const notYet = await call(context.app, cast.verifier, 'POST', `/applications/${reference}/actions`, {
      action: 'setujui',
    });
    expect(notYet.statusCode).toBe(409);
    const outsider = await call(
      context.app,
      cast.penghubungSidoarjo,
      'POST',
      `/applications/${reference}/actions`,
      { action: 'teruskan' },
    );
    expect(outsider.statusCode).toBe(404);
    const citizenActs = await call(context.app, cast.citizen, 'POST', `/applications/${reference}/actions`, {
      action: 'teruskan',
    });
    expect(citizenActs.statusCode).toBe(403);
  });

  it('is sent back, corrected and resubmitted to the same step', async () => {
    const noNote = await call(context.app, cast.verifier, 'POST', `/applications/${reference}/actions`, {
      action: 'kembalikan',
    });
    expect(noNote.statusCode).toBe(400);
    const back = await call(context.app, cast.verifier, 'POST', `/applications/${reference}/actions`, {
      action: 'kembalikan',
      note: 'Tempat lahir harus nama rumah sakit.',
    });
    expect(back.statusCode, back.body).toBe(200);
    const seen = (await call(context.app, cast.citizen, 'GET', `/applications/${reference}`)).json();
    expect(seen).toMatchObject({
      status: 'dikembalikan',
      returnNote: 'Tempat lahir harus nama rumah sakit.',
    });
    await call(context.app, cast.citizen, 'PUT', `/applications/${reference}/draft`, {
      values: { ...seen.values, tempatLahirAnak: 'RSUD Dr. Soetomo, Surabaya' },
    });
    const again = await call(context.app, cast.citizen, 'POST', `/applications/${reference}/submit`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      status: 'diproses',
      state: { key: 'verifikasi' },
      returnNote: null,
    });
    expect(again.json().timeline.map((event: { kind: string }) => event.kind)).toEqual([
      'draf_dibuat',
      'diajukan',
      'kembalikan',
      'dikirim_ulang',
    ]);
  });

  it('is forwarded and approved; the signed PDF verifies and a changed copy fails', async () => {
    const forwarded = await call(context.app, cast.verifier, 'POST', `/applications/${reference}/actions`, {
      action: 'teruskan',
    });
    expect(forwarded.json().state.key).toBe('persetujuan');
    const approved = await call(context.app, cast.admin, 'POST', `/applications/${reference}/actions`, {
      action: 'setujui',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('selesai');
    const documentId = approved.json().resultDocumentId as string;

    const pdf = await call(context.app, cast.citizen, 'GET', `/applications/${reference}/result`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Others cannot download it.
    expect(
      (await call(context.app, cast.otherCitizen, 'GET', `/applications/${reference}/result`)).statusCode,
    ).toBe(404);

    const verification = await call(
      context.app,
      undefined,
      'GET',
      `/public/documents/${documentId}/verification`,
    );
    expect(verification.json()).toMatchObject({
      isAuthentic: true,
      fileMatches: null,
      issued: { documentNumber: reference, title: 'Kutipan Akta Kelahiran', holder: 'B*** S******' },
    });
    const genuine = await upload(
      context.app,
      undefined,
      `/public/documents/${documentId}/verification`,
      'akta.pdf',
      pdf.rawPayload,
    );
    expect(genuine.json()).toMatchObject({ isAuthentic: true, fileMatches: true });
    const tampered = Buffer.from(pdf.rawPayload);
    // One byte changed anywhere makes another file.
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = tampered[middle]! ^ 0x01;
    const changed = await upload(
      context.app,
      undefined,
      `/public/documents/${documentId}/verification`,
      'akta.pdf',
      tampered,
    );
    expect(changed.json()).toMatchObject({ isAuthentic: false, fileMatches: false });
    // A forger's PDF that looks the same, carrying the genuine QR address but another name, fails too.
    const forgery = await renderResultPdf({
      title: 'Kutipan Akta Kelahiran',
      agencyName: 'Dinas Kependudukan dan Pencatatan Sipil',
      documentNumber: reference,
      rows: [{ label: 'Nama anak', value: 'Bodi Santoso' }],
      issuedAtText: 'hari ini',
      verificationUrl: `http://terpadu.test/verify/${documentId}`,
    });
    const forged = await upload(
      context.app,
      undefined,
      `/public/documents/${documentId}/verification`,
      'akta.pdf',
      forgery,
    );
    expect(forged.json()).toMatchObject({ isAuthentic: false, fileMatches: false });
  });

  it('opens the survey once, and the answers move the service’s IKM', async () => {
    const view = (await call(context.app, cast.citizen, 'GET', `/applications/${reference}`)).json();
    expect(view.canSurvey).toBe(true);
    const answered = await call(context.app, cast.citizen, 'POST', `/applications/${reference}/survey`, {
      scores: [4, 4, 3, 4, 4, 3, 4, 3, 4],
    });
    expect(answered.statusCode, answered.body).toBe(201);
    // 33 points / 9 elements × 25 = 91.666… → 91.67, A
    expect(answered.json()).toMatchObject({
      respondents: 1,
      ikm: 91.67,
      grade: 'A',
      gradeLabel: 'Sangat Baik',
    });
    const twice = await call(context.app, cast.citizen, 'POST', `/applications/${reference}/survey`, {
      scores: [1, 1, 1, 1, 1, 1, 1, 1, 1],
    });
    expect(twice.statusCode).toBe(409);
    const page = await call(context.app, undefined, 'GET', `/public/services/${serviceId}`);
    expect(page.json().satisfaction).toMatchObject({ respondents: 1, ikm: 91.67, grade: 'A' });
    const unit = await call(
      context.app,
      undefined,
      'GET',
      `/public/agencies/${encodeURIComponent(CAPIL_UNIT)}/satisfaction`,
    );
    expect(unit.json()).toMatchObject({ respondents: 1, ikm: 91.67 });
    const year = new Date().getUTCFullYear();
    const lastYear = await call(
      context.app,
      undefined,
      'GET',
      `/public/services/${serviceId}/satisfaction?period=${year - 1}`,
    );
    expect(lastYear.json()).toMatchObject({ respondents: 0, ikm: null, period: String(year - 1) });
  });
});

describe('versions', () => {
  it('keeps an application in flight on the form and workflow it started with', async () => {
    const serviceId = await publishAkta(context.app, cast.admin);
    const started = await call(context.app, cast.citizen, 'POST', '/applications', { serviceId });
    const reference = started.json().referenceNumber as string;
    expect(started.json().version).toBe(1);

    // Version 2 asks for the father's name too and has one step only.
    const content = aktaKelahiranService();
    (content.form.schema as { properties: Record<string, unknown> }).properties.namaAyah = {
      type: 'string',
      minLength: 2,
    };
    (content.form.schema as { required: string[] }).required.push('namaAyah');
    content.form.ui.order.push('namaAyah');
    content.form.ui.fields.namaAyah = { label: { id: 'Nama ayah' } };
    content.workflow = {
      initial: 'verifikasi',
      totalWorkingDays: 3,
      states: [{ key: 'verifikasi', label: { id: 'Verifikasi' }, workingDays: 3 }],
      actions: [
        {
          key: 'terbitkan',
          label: { id: 'Terbitkan' },
          from: 'verifikasi',
          kind: 'terbitkan',
          role: 'penghubung',
        },
      ],
    };
    expect(
      (await call(context.app, cast.admin, 'PUT', `/catalog/services/${serviceId}`, { content })).statusCode,
    ).toBe(200);
    const v2 = await call(context.app, cast.admin, 'POST', `/catalog/services/${serviceId}/publish`);
    expect(v2.json().publishedVersion).toBe(2);

    // The draft started on version 1 submits without the new field and follows the two steps.
    await call(context.app, cast.citizen, 'PUT', `/applications/${reference}/draft`, {
      values: { ...started.json().values, ...CHILD },
    });
    await upload(
      context.app,
      cast.citizen,
      `/applications/${reference}/documents?requirement=surat-kelahiran`,
      's.png',
      photo,
    );
    const submitted = await call(context.app, cast.citizen, 'POST', `/applications/${reference}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().version).toBe(1);
    const verifierView = await call(context.app, cast.verifier, 'GET', `/applications/${reference}`);
    expect(verifierView.json().allowedActions.map((action: { key: string }) => action.key)).toEqual([
      'teruskan',
      'kembalikan',
    ]);

    // A new application uses version 2 and needs the new field.
    const fresh = await submitAkta(context.app, cast.otherCitizen, serviceId, photo).catch(
      (error: Error) => error.message,
    );
    expect(fresh).toContain('namaAyah');
  });
});

describe('verification', () => {
  it('fails a forged signature or a changed record, and does not know an invented id', async () => {
    const serviceId = await publishAkta(context.app, cast.admin);
    const reference = await submitAkta(context.app, cast.citizen, serviceId, photo);
    await call(context.app, cast.verifier, 'POST', `/applications/${reference}/actions`, {
      action: 'teruskan',
    });
    const approved = await call(context.app, cast.admin, 'POST', `/applications/${reference}/actions`, {
      action: 'setujui',
    });
    const documentId = approved.json().resultDocumentId as string;
    const db = context.platform.database;
    const { sql } = await import('drizzle-orm');
    const original = (
      await call(context.app, undefined, 'GET', `/public/documents/${documentId}/verification`)
    ).json();
    expect(original.isAuthentic).toBe(true);

    // A signature made with another key (a forger's) does not verify with the agency's.
    const { generateKeyPairSync, sign } = await import('node:crypto');
    const forger = generateKeyPairSync('ed25519');
    const forged = sign(
      null,
      Buffer.from(original.issued.payload.replace('Kutipan Akta Kelahiran', 'Akta Palsu')),
      forger.privateKey,
    ).toString('base64');
    await db.db.execute(
      sql`update catalog.issued_documents set payload = replace(payload, 'Kutipan Akta Kelahiran', 'Akta Palsu'), signature = ${forged} where id = ${documentId}`,
    );
    const afterForgery = (
      await call(context.app, undefined, 'GET', `/public/documents/${documentId}/verification`)
    ).json();
    expect(afterForgery.isAuthentic).toBe(false);

    // The original signature over a changed payload fails as well.
    await db.db.execute(
      sql`update catalog.issued_documents set signature = ${original.issued.signature} where id = ${documentId}`,
    );
    expect(
      (await call(context.app, undefined, 'GET', `/public/documents/${documentId}/verification`)).json()
        .isAuthentic,
    ).toBe(false);

    const unknown = await call(
      context.app,
      undefined,
      'GET',
      '/public/documents/00000000-0000-4000-8000-000000000000/verification',
    );
    expect(unknown.statusCode).toBe(404);
    expect(problem(unknown).code).toBe('RESULT_NOT_FOUND');
    const garbage = await call(context.app, undefined, 'GET', '/public/documents/bukan-id/verification');
    expect(garbage.statusCode).toBe(404);
  });
});

describe('export and import', () => {
  it('exports a service as one versioned file that another agency imports as an editable draft', async () => {
    const serviceId = await publishAkta(context.app, cast.admin);
    const exported = await call(context.app, cast.admin, 'GET', `/catalog/services/${serviceId}/export`);
    expect(exported.statusCode).toBe(200);
    const file = exported.json();
    expect(file.format).toBe('terpadu.service/v1');
    const imported = await call(context.app, cast.adminSidoarjo, 'POST', '/catalog/services/import', {
      agencyCode: '35.15/dispendukcapil',
      slug: 'akta-kelahiran',
      file,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ status: 'draft', agency: { code: '35.15/dispendukcapil' } });
    expect(imported.json().content).toEqual(file.service);
    const id = imported.json().id as string;
    const edited = { ...file.service, name: 'Akta Kelahiran Sidoarjo' };
    const saved = await call(context.app, cast.adminSidoarjo, 'PUT', `/catalog/services/${id}`, {
      content: edited,
    });
    expect(saved.json().content.name).toBe('Akta Kelahiran Sidoarjo');
    const published = await call(context.app, cast.adminSidoarjo, 'POST', `/catalog/services/${id}/publish`);
    expect(published.statusCode).toBe(200);
    const bad = await call(context.app, cast.adminSidoarjo, 'POST', '/catalog/services/import', {
      agencyCode: '35.15/dispendukcapil',
      slug: 'akta-lain',
      file: { ...file, format: 'terpadu.service/v9' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('life-event bundles', () => {
  it('fans one submission out to two agencies’ services, each tracked on its own and together', async () => {
    const birthCertificate = await publishAkta(context.app, cast.admin);
    // Sidoarjo's family-card update, also under "kelahiran", asks for the family-card number too.
    const familyCard = aktaKelahiranService();
    familyCard.name = 'Pembaruan Kartu Keluarga (kelahiran)';
    (familyCard.form.schema as { properties: Record<string, unknown> }).properties.nomorKk = {
      type: 'string',
      pattern: '^[0-9]{16}$',
    };
    (familyCard.form.schema as { required: string[] }).required.push('nomorKk');
    familyCard.form.ui.order.push('nomorKk');
    familyCard.form.ui.fields.nomorKk = { label: { id: 'Nomor KK' } };
    const created = await call(context.app, cast.adminSidoarjo, 'POST', '/catalog/services', {
      agencyCode: '35.15/dispendukcapil',
      slug: 'kk-kelahiran',
      content: familyCard,
    });
    const familyCardId = created.json().id as string;
    expect(
      (await call(context.app, cast.adminSidoarjo, 'POST', `/catalog/services/${familyCardId}/publish`))
        .statusCode,
    ).toBe(200);

    const wrongEvent = await call(context.app, cast.citizen, 'POST', '/applications/bundles', {
      lifeEvent: 'kematian',
      serviceIds: [birthCertificate, familyCardId],
    });
    expect(wrongEvent.statusCode).toBe(400);
    expect(problem(wrongEvent).code).toBe('BUNDLE_SERVICE_INVALID');

    const started = await call(context.app, cast.citizen, 'POST', '/applications/bundles', {
      lifeEvent: 'kelahiran',
      serviceIds: [birthCertificate, familyCardId],
    });
    expect(started.statusCode, started.body).toBe(201);
    const bundle = started.json();
    expect(bundle.status).toBe('draf');
    expect(bundle.applications).toHaveLength(2);
    // Asked once: the shared fields appear once in the combined form, the extra one is added.
    expect(bundle.form.ui.order).toEqual([...aktaKelahiranService().form.ui.order, 'nomorKk']);
    expect(bundle.values).toMatchObject({ namaPelapor: 'Siti Rahayu', nikPelapor: cast.citizen.nik });

    const bad = await call(
      context.app,
      cast.citizen,
      'PUT',
      `/applications/bundles/${bundle.referenceNumber}/draft`,
      {
        values: { ...CHILD, nomorKk: '12' },
      },
    );
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.map((error) => error.field)).toEqual(['values.nomorKk']);
    const saved = await call(
      context.app,
      cast.citizen,
      'PUT',
      `/applications/bundles/${bundle.referenceNumber}/draft`,
      {
        values: { ...CHILD, nomorKk: '3578010101010001' },
      },
    );
    expect(saved.statusCode, saved.body).toBe(200);

    // One document missing on one part: nothing is sent, and the gap names that application.
    const [first, second] = bundle.applications.map(
      (item: { referenceNumber: string }) => item.referenceNumber,
    );
    await upload(
      context.app,
      cast.citizen,
      `/applications/${first}/documents?requirement=surat-kelahiran`,
      's.png',
      photo,
    );
    const incomplete = await call(
      context.app,
      cast.citizen,
      'POST',
      `/applications/bundles/${bundle.referenceNumber}/submit`,
    );
    expect(incomplete.statusCode).toBe(400);
    expect(problem(incomplete).errors?.map((error) => error.field)).toEqual([
      `${second}.documents.surat-kelahiran`,
    ]);
    expect((await call(context.app, cast.citizen, 'GET', `/applications/${first}`)).json().status).toBe(
      'draf',
    );

    await upload(
      context.app,
      cast.citizen,
      `/applications/${second}/documents?requirement=surat-kelahiran`,
      's.png',
      photo,
    );
    const submitted = await call(
      context.app,
      cast.citizen,
      'POST',
      `/applications/bundles/${bundle.referenceNumber}/submit`,
    );
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('diproses');
    expect(submitted.json().applications.map((item: { status: string }) => item.status)).toEqual([
      'diproses',
      'diproses',
    ]);

    // Each agency sees its own part only.
    const surabayaQueue = (await call(context.app, cast.verifier, 'GET', '/applications/queue')).json().items;
    const sidoarjoQueue = (
      await call(context.app, cast.penghubungSidoarjo, 'GET', '/applications/queue')
    ).json().items;
    const references = (items: Array<{ referenceNumber: string }>) =>
      items.map((item) => item.referenceNumber);
    const surabayaPart = bundle.applications.find(
      (item: { agency: string }) => !item.agency.includes('Sidoarjo'),
    ).referenceNumber;
    const sidoarjoPart = bundle.applications.find((item: { agency: string }) =>
      item.agency.includes('Sidoarjo'),
    ).referenceNumber;
    expect(references(surabayaQueue)).toContain(surabayaPart);
    expect(references(surabayaQueue)).not.toContain(sidoarjoPart);
    expect(references(sidoarjoQueue)).toContain(sidoarjoPart);
    const sidoarjoView = (
      await call(context.app, cast.penghubungSidoarjo, 'GET', `/applications/${sidoarjoPart}`)
    ).json();
    expect(sidoarjoView.values.nomorKk).toBe('3578010101010001');

    // Another citizen does not see the bundle.
    const other = await call(
      context.app,
      cast.otherCitizen,
      'GET',
      `/applications/bundles/${bundle.referenceNumber}`,
    );
    expect(other.statusCode).toBe(404);
    // Each citizen's list holds their own bundles only, each with its parts' statuses.
    const mine = (await call(context.app, cast.citizen, 'GET', '/applications/bundles')).json().items;
    expect(
      mine.find((item: { referenceNumber: string }) => item.referenceNumber === bundle.referenceNumber),
    ).toMatchObject({ lifeEvent: 'kelahiran', status: 'diproses' });
    const theirs = (await call(context.app, cast.otherCitizen, 'GET', '/applications/bundles')).json().items;
    expect(theirs.map((item: { referenceNumber: string }) => item.referenceNumber)).not.toContain(
      bundle.referenceNumber,
    );
  });
});
