import jsQRModule from 'jsqr';
import {
  decodePDFRawStream,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFNumber,
  type PDFRawStream,
  type PDFRef,
} from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderResultPdf } from './signed-document.ts';

// jsqr is CommonJS with a default export; under Node's interop the function is on `.default`.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

const URL = 'https://terpadu.example.go.id/verify/5b0f3a52-8f5e-4d0e-9a57-0c1f7d3e2a10';

function render(rows: Array<{ label: string; value: string }>) {
  return renderResultPdf({
    title: 'Kutipan Akta Kelahiran',
    agencyName: 'Dinas Kependudukan dan Pencatatan Sipil',
    documentNumber: 'PMH-2611-ABCDEFGH',
    rows,
    issuedAtText: '25 November 2026',
    verificationUrl: URL,
  });
}

/** The page's image XObjects as pixels, the way a phone's camera would see the printed code. */
async function pageImages(pdf: Buffer) {
  const document = await PDFDocument.load(pdf);
  const resources = document.getPage(0).node.Resources();
  const xObjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const images: Array<{ width: number; height: number; rgba: Uint8ClampedArray }> = [];
  for (const [, ref] of xObjects?.entries() ?? []) {
    const stream = document.context.lookup(ref as PDFRef) as PDFRawStream;
    if (stream.dict.get(PDFName.of('Subtype'))?.toString() !== '/Image') continue;
    const width = (stream.dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (stream.dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const colorSpace = stream.dict.get(PDFName.of('ColorSpace'))?.toString();
    const pixels = decodePDFRawStream(stream).decode();
    const channels = colorSpace === '/DeviceGray' ? 1 : 3;
    expect(pixels.length).toBe(width * height * channels);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let index = 0; index < width * height; index++) {
      for (let channel = 0; channel < 3; channel++)
        rgba[index * 4 + channel] = pixels[index * channels + (channels === 1 ? 0 : channel)]!;
      rgba[index * 4 + 3] = 255;
    }
    images.push({ width, height, rgba });
  }
  return images;
}

/** Every character the embedded fonts can show, read from their ToUnicode maps, and the fonts' names. */
async function embeddedFonts(pdf: Buffer) {
  const document = await PDFDocument.load(pdf);
  const names: string[] = [];
  const characters = new Set<string>();
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type'))?.toString() !== '/Font') continue;
    names.push(object.get(PDFName.of('BaseFont'))?.toString() ?? '');
    const toUnicode = object.get(PDFName.of('ToUnicode'));
    if (!toUnicode) continue;
    const cmap = Buffer.from(
      decodePDFRawStream(document.context.lookup(toUnicode as PDFRef) as PDFRawStream).decode(),
    ).toString('latin1');
    for (const match of cmap.matchAll(/<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]{4,})>/g))
      characters.add(Buffer.from(match[1]!, 'hex').swap16().toString('utf16le'));
  }
  return { names, characters };
}

describe('result PDF', () => {
  it('carries a QR code that decodes to the document’s public verification address', async () => {
    const pdf = await render([{ label: 'Nama anak', value: 'Budi Santoso' }]);
    const images = await pageImages(pdf);
    expect(images).toHaveLength(1);
    const { width, height, rgba } = images[0]!;
    const code = jsQR(rgba, width, height);
    expect(code?.data).toBe(URL);
  });

  it('prints Indonesian and other Latin-script names in an embedded Unicode font', async () => {
    const name = 'Ni Luh Putu Ayu Dewi Ṣ Ğ Şahin Nguyễn Ā 王';
    const pdf = await render([
      { label: 'Nama anak', value: name },
      { label: 'Nama ibu', value: 'Siti Ṭāhirah' },
    ]);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { names, characters } = await embeddedFonts(pdf);
    // No standard (WinAnsi-only) font: Noto Sans subsets, embedded.
    expect(names.length).toBeGreaterThan(0);
    for (const fontName of names) expect(fontName).toMatch(/NotoSans/);
    // The glyphs of the Latin Extended letters are in the file, so they are drawn, not dropped.
    for (const character of ['Ṣ', 'Ğ', 'Ş', 'ễ', 'Ā', 'Ṭ', 'ā', 'N', 'L'])
      expect(characters.has(character), character).toBe(true);
    // A character no subset has (Han) is printed as "?" rather than failing the issue.
    expect(characters.has('王')).toBe(false);
    expect(characters.has('?')).toBe(true);
  });
});
