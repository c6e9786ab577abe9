import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBearer, makeCitizen, makeOfficer, problem } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

let context: TestContext;
let reporter: Awaited<ReturnType<typeof makeCitizen>>;
let stranger: Awaited<ReturnType<typeof makeCitizen>>;
let otherAgencyAdmin: { token: string };
let trackingId: string;

function multipart(fileName: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----terpadu${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(session: { token: string }, fileName: string, bytes: Buffer) {
  const body = multipart(fileName, bytes);
  return context.app.inject({
    method: 'POST',
    url: `/api/v1/complaints/${trackingId}/attachments`,
    headers: { ...asBearer(session), ...body.headers },
    payload: body.payload,
  });
}

async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#c0392b' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PlantedCamera' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '7/1 15/1 0/1' } })
    .toBuffer();
}

beforeAll(async () => {
  context = await startTestApp({ ATTACHMENT_MAX_BYTES: String(200_000), ATTACHMENTS_PER_REPORT: '4' });
  reporter = await makeCitizen(context.app);
  stranger = await makeCitizen(context.app);
  otherAgencyAdmin = await makeOfficer(context.app, context.platform, 'admin-instansi', '35.15');
  const filed = await context.app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    headers: asBearer(reporter),
    payload: {
      kind: 'pengaduan',
      title: 'Lampu penerangan jalan padam',
      description:
        'Lampu penerangan jalan di gang tiga padam sejak sepekan, rawan kecelakaan pada malam hari.',
      privacy: 'anonim',
      regionCode: '35.78.01',
    },
  });
  trackingId = filed.json().trackingId;
});
afterAll(async () => {
  await context?.close();
});

describe('attachments on a report', () => {
  it('stores a photo without its EXIF and GPS metadata, whatever it was called', async () => {
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const response = await upload(reporter, '../../etc/passwd\u0000lokasi.jpg', original);
    expect(response.statusCode).toBe(201);
    const attachment = response.json();
    expect(attachment).toMatchObject({ mediaType: 'image/jpeg', uploadedBy: 'pelapor' });
    expect(attachment.fileName).toBe('lampiran.jpg');
    const download = await context.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${trackingId}/attachments/${attachment.id}`,
      headers: asBearer(reporter),
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    const stored = await sharp(download.rawPayload).metadata();
    expect(stored.format).toBe('jpeg');
    expect(stored.exif).toBeUndefined();
    expect(download.rawPayload.includes(Buffer.from('PlantedCamera'))).toBe(false);
  });

  it('accepts a PNG by content, and never keeps an anonymous reporter’s file name', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 4, background: '#ffffff' } })
      .png()
      .toBuffer();
    expect((await upload(reporter, 'foto-rumah-budi.jpg', png)).json()).toMatchObject({
      mediaType: 'image/png',
      fileName: 'lampiran.png',
    });
  });

  it('takes a complete PDF on a publik report but not from an anonymous reporter', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const refused = await upload(reporter, 'surat.pdf', pdf);
    expect(refused.statusCode).toBe(415);
    expect(problem(refused).code).toBe('PDF_NOT_FOR_ANONYMOUS');
    const publik = await context.app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: asBearer(reporter),
      payload: {
        kind: 'informasi',
        title: 'Jadwal pelayanan KTP elektronik',
        description: 'Mohon informasi jadwal perekaman KTP elektronik di kantor kecamatan pada hari Sabtu.',
        privacy: 'publik',
        regionCode: '35.78.01',
      },
    });
    const body = multipart('surat permohonan.pdf', pdf);
    const accepted = await context.app.inject({
      method: 'POST',
      url: `/api/v1/complaints/${publik.json().trackingId}/attachments`,
      headers: { ...asBearer(reporter), ...body.headers },
      payload: body.payload,
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ mediaType: 'application/pdf', fileName: 'surat permohonan.pdf' });
  });

  it('refuses wrong types behind image names, truncated files and oversize files, storing nothing', async () => {
    const before = (
      await context.app.inject({
        method: 'GET',
        url: `/api/v1/complaints/${trackingId}`,
        headers: asBearer(reporter),
      })
    ).json().attachments.length;
    const script = await upload(reporter, 'foto.jpg', Buffer.from('<script>alert(1)</script>'));
    expect(script.statusCode).toBe(415);
    expect(problem(script).code).toBe('FILE_TYPE_NOT_ALLOWED');
    const photo = await photoWithGps();
    const truncated = await upload(reporter, 'foto.jpg', photo.subarray(0, Math.floor(photo.length / 2)));
    expect(truncated.statusCode).toBe(400);
    const truncatedPdf = await upload(reporter, 'x.pdf', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n'));
    expect(truncatedPdf.statusCode).toBe(400);
    const huge = await upload(
      reporter,
      'besar.pdf',
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300_000, 32), Buffer.from('%%EOF')]),
    );
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
    const after = (
      await context.app.inject({
        method: 'GET',
        url: `/api/v1/complaints/${trackingId}`,
        headers: asBearer(reporter),
      })
    ).json().attachments.length;
    expect(after).toBe(before);
  });

  it('keeps attachments from anyone who cannot see the report', async () => {
    const view = await context.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${trackingId}`,
      headers: asBearer(reporter),
    });
    const [first] = view.json().attachments;
    for (const session of [stranger, otherAgencyAdmin]) {
      const response = await context.app.inject({
        method: 'GET',
        url: `/api/v1/complaints/${trackingId}/attachments/${first.id}`,
        headers: asBearer(session),
      });
      expect(response.statusCode).toBe(404);
    }
    const anonymous = await context.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${trackingId}/attachments/${first.id}`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await upload(stranger, 'x.png', Buffer.alloc(10))).statusCode).toBe(404);
  });

  it('limits the number of attachments per report', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000000' } })
      .png()
      .toBuffer();
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++)
      statuses.push((await upload(reporter, `f${index}.png`, png)).statusCode);
    expect(statuses).toContain(409);
    const view = await context.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${trackingId}`,
      headers: asBearer(reporter),
    });
    expect(view.json().attachments).toHaveLength(4);
  });
});
