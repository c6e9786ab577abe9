import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportInput, tinyPng } from '../support/complaints.ts';
import { asBearer, makeCitizen, problem } from '../support/factories.ts';
import { startTestApp, type TestContext } from '../support/test-platform.ts';

/**
 * Hostile uploads: other types behind image names, polyglots, damaged, oversize and bomb-like
 * files, and file names that try to climb out of the store or carry markup. Each is refused
 * with a problem document and leaves neither a file under DATA_DIR nor a row, or is accepted
 * only as a clean re-encoded image under a harmless name.
 */

let context: TestContext;
let reporter: Awaited<ReturnType<typeof makeCitizen>>;
let trackingId: string;

const MAX_BYTES = 200_000;

beforeAll(async () => {
  context = await startTestApp({ ATTACHMENT_MAX_BYTES: String(MAX_BYTES), ATTACHMENTS_PER_REPORT: '50' });
  reporter = await makeCitizen(context.app);
  const filed = await context.app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    headers: asBearer(reporter),
    payload: reportInput(),
  });
  trackingId = filed.json().trackingId;
});
afterAll(async () => {
  await context?.close();
});

function upload(fileName: string, bytes: Buffer, contentType = 'image/jpeg', fieldName = 'file') {
  const boundary = `----terpadu${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return context.app.inject({
    method: 'POST',
    url: `/api/v1/complaints/${trackingId}/attachments`,
    headers: { ...asBearer(reporter), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

/** Every file under DATA_DIR (the store and anything a path trick might have written). */
async function filesUnderDataDir(): Promise<string[]> {
  // E-mails (DATA_DIR/outbox) of earlier requests are written in the background: finish them first.
  await context.platform.outbox.drain();
  const entries = await readdir(context.dataDir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function attachmentRows(): Promise<number> {
  const result = (await context.platform.database.db.execute(
    sql`select count(*)::int as n from complaints.attachments`,
  )) as unknown as { rows: Array<{ n: number }> };
  return result.rows[0]!.n;
}

async function jpeg(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 16, channels: 3, background: '#27ae60' } })
    .jpeg()
    .toBuffer();
}

const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]);
const ZIP = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64)]);
const PDF_WITH_JAVASCRIPT = Buffer.from(
  '%PDF-1.4\n1 0 obj<< /Type /Catalog /OpenAction 2 0 R >>endobj\n2 0 obj<< /S /JavaScript /JS (app.alert(1)) >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n',
);
const PDF_WITH_LAUNCH = Buffer.from(
  '%PDF-1.4\n1 0 obj<< /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n',
);
const PDF_HTML_POLYGLOT = Buffer.from(
  '%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n',
);

async function refusedCases(): Promise<Array<[string, string, Buffer, number]>> {
  const photo = await jpeg();
  const png = await tinyPng();
  // A small PNG that claims 30,000 × 30,000 pixels: decoding it would take gigabytes.
  const bomb = Buffer.from(png);
  bomb.writeUInt32BE(30_000, 16);
  bomb.writeUInt32BE(30_000, 20);
  return [
    ['HTML named as a photo', 'foto.jpg', HTML, 415],
    ['SVG with script named as a PNG', 'peta.png', SVG, 415],
    ['a GIF named as a PNG', 'animasi.png', GIF, 415],
    ['an executable named as a photo', 'foto.jpg', ELF, 415],
    ['a ZIP named as a PDF', 'berkas.pdf', ZIP, 415],
    ['an empty file', 'kosong.jpg', Buffer.alloc(0), 415],
    ['a JPEG header followed by HTML', 'foto.jpg', Buffer.concat([photo.subarray(0, 3), HTML]), 400],
    ['a truncated JPEG', 'foto.jpg', photo.subarray(0, Math.floor(photo.length / 2)), 400],
    ['a truncated PNG', 'foto.png', png.subarray(0, Math.floor(png.length / 2)), 400],
    ['a PNG decompression bomb', 'bom.png', bomb, 400],
    ['a PDF without its end', 'surat.pdf', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n'), 400],
    ['a PDF that runs JavaScript', 'surat.pdf', PDF_WITH_JAVASCRIPT, 415],
    ['a PDF that launches a program', 'surat.pdf', PDF_WITH_LAUNCH, 415],
    ['a PDF that is also an HTML page', 'surat.pdf', PDF_HTML_POLYGLOT, 415],
    [
      'a file over ATTACHMENT_MAX_BYTES',
      'besar.pdf',
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_BYTES + 10, 32), Buffer.from('%%EOF')]),
      413,
    ],
  ];
}

function expectProblem(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(problem(response).title).toBeTruthy();
}

describe('hostile uploads', () => {
  it('refuses each with a problem document, storing no file and no row', async () => {
    for (const [label, fileName, bytes, status] of await refusedCases()) {
      const filesBefore = await filesUnderDataDir();
      const rowsBefore = await attachmentRows();
      const response = await upload(fileName, bytes);
      expectProblem(response, status);
      expect(await filesUnderDataDir(), label).toEqual(filesBefore);
      expect(await attachmentRows(), label).toBe(rowsBefore);
    }
  });

  it('refuses a form without a file, or with the file in another field', async () => {
    const rowsBefore = await attachmentRows();
    const boundary = '----terpadukosong';
    const empty = await context.app.inject({
      method: 'POST',
      url: `/api/v1/complaints/${trackingId}/attachments`,
      headers: { ...asBearer(reporter), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="catatan"\r\n\r\nhalo\r\n--${boundary}--\r\n`,
    });
    expect(empty.statusCode).toBeGreaterThanOrEqual(400);
    expect(empty.statusCode).toBeLessThan(500);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    expect(await attachmentRows()).toBe(rowsBefore);
  });

  it('keeps only the image of a polyglot: what follows a JPEG or PNG is not stored', async () => {
    for (const [fileName, base] of [
      ['foto.jpg', await jpeg()],
      ['foto.png', await tinyPng()],
    ] as const) {
      const polyglot = Buffer.concat([base, HTML, ZIP]);
      const response = await upload(fileName, polyglot);
      expect(response.statusCode, response.body).toBe(201);
      const download = await context.app.inject({
        method: 'GET',
        url: `/api/v1/complaints/${trackingId}/attachments/${response.json().id}`,
        headers: asBearer(reporter),
      });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.includes(Buffer.from('<script'))).toBe(false);
      expect(download.rawPayload.includes(Buffer.from('PK\x03\x04', 'latin1'))).toBe(false);
      expect(download.headers['content-type']).toMatch(/^image\/(jpeg|png)$/);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      expect(download.headers['content-security-policy']).toContain('sandbox');
    }
  });

  it.each([
    '../../../../etc/passwd.jpg',
    '..\\..\\..\\Windows\\win.ini.jpg',
    '/var/lib/terpadu/secret.key.jpg',
    'C:\\Users\\Public\\foto.jpg',
    '....//....//foto.jpg',
    '%2e%2e%2f%2e%2e%2ffoto.jpg',
    '<img src=x onerror=alert(1)>.jpg',
    '"; filename*=UTF-8\'\'evil.html; x=".jpg',
    'foto\u0000.html.jpg',
    '\u202Egpj.exe',
    'foto\r\nContent-Type: text/html.jpg',
    `${'a'.repeat(400)}.jpg`,
  ])('stores %j under a harmless name inside the store', async (fileName) => {
    const filesBefore = await filesUnderDataDir();
    const response = await upload(fileName, await jpeg());
    expect(response.statusCode, response.body).toBe(201);
    const stored = response.json().fileName as string;
    expect(stored).toMatch(/^[\p{L}\p{N} ._()-]{1,84}\.jpg$/u);
    expect(stored).not.toMatch(/\.\.[/\\]|[/\\<>"]/);
    const added = (await filesUnderDataDir()).filter((file) => !filesBefore.includes(file));
    expect(added).toHaveLength(1);
    expect(added[0]!.startsWith(path.join(context.dataDir, 'files') + path.sep)).toBe(true);
    expect(path.basename(added[0]!)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
