import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import type { PersonalDataCipher } from '../crypto/personal-data.ts';

/**
 * Result documents the platform issues: a PDF (pdf-lib: pure JavaScript, no native build or
 * external binary, maintained, embeds PNG images and standard fonts) carrying a QR code (qrcode:
 * the standard npm QR encoder) that points to the public verification page, and an Ed25519
 * signature (node:crypto) over a canonical payload that names the PDF's SHA-256. A changed PDF no
 * longer matches the hash; a changed payload or a forged signature fails the key.
 * The PDF libraries and the font are loaded at the first document, not at start-up: together they
 * hold about 30 MB that a service issuing no document would carry for nothing.
 */

export type SigningKey = { keyId: string; publicKey: string; privateKeyCiphertext: string };

/** A new Ed25519 key pair; the private key leaves this function only encrypted. */
export function generateSigningKey(cipher: PersonalDataCipher): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    keyId: createHash('sha256').update(spki).digest('hex').slice(0, 16),
    publicKey: spki.toString('base64'),
    privateKeyCiphertext: cipher.encrypt(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
  };
}

/** JSON with keys sorted at every level: the same value always gives the same bytes to sign. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(bytes: Buffer | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function signPayload(cipher: PersonalDataCipher, key: SigningKey, payload: string): string {
  const privateKey = createPrivateKey(cipher.decrypt(key.privateKeyCiphertext));
  return sign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64');
}

export function verifyPayload(publicKeyBase64: string, payload: string, signatureBase64: string): boolean {
  try {
    const publicKey = createPublicKey({
      key: Buffer.from(publicKeyBase64, 'base64'),
      format: 'der',
      type: 'spki',
    });
    return verify(null, Buffer.from(payload, 'utf8'), publicKey, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

export type DocumentContent = {
  title: string;
  agencyName: string;
  documentNumber: string;
  rows: Array<{ label: string; value: string }>;
  issuedAtText: string;
  footer?: string | undefined;
  verificationUrl: string;
};

/**
 * Noto Sans (SIL Open Font License 1.1, from @fontsource/noto-sans), in the subsets that write
 * Indonesian names and other Latin-script names: basic Latin, Latin Extended (ā, ş, ğ, ṣ, …) and
 * Vietnamese. The standard PDF fonts know WinAnsi only, which would turn such names into "?".
 * A character none of them has (e.g. Han) is printed as "?" rather than failing the issue.
 */
const FONT_SUBSETS = ['latin', 'latin-ext', 'vietnamese'] as const;
const requireFromHere = createRequire(import.meta.url);
const fontBytes = new Map<string, Buffer>();
function fontFile(subset: string, weight: 400 | 700): Buffer {
  const name = `@fontsource/noto-sans/files/noto-sans-${subset}-${weight}-normal.woff`;
  let bytes = fontBytes.get(name);
  if (!bytes) {
    bytes = readFileSync(requireFromHere.resolve(name));
    fontBytes.set(name, bytes);
  }
  return bytes;
}

/** One weight of the font as its subsets; text is drawn in runs, each in the first subset that has its characters. */
type FontFamily = Array<{ font: PDFFont; characters: Set<number> }>;

async function embedFamily(pdf: PDFDocument, weight: 400 | 700): Promise<FontFamily> {
  const family: FontFamily = [];
  for (const subset of FONT_SUBSETS) {
    const font = await pdf.embedFont(fontFile(subset, weight), { subset: true });
    family.push({ font, characters: new Set(font.getCharacterSet()) });
  }
  return family;
}

/** The text split into runs of one font each; characters no subset has become "?". */
function runsOf(family: FontFamily, text: string): Array<{ font: PDFFont; text: string }> {
  const runs: Array<{ font: PDFFont; text: string }> = [];
  for (const character of text.normalize('NFC')) {
    const codePoint = character.codePointAt(0)!;
    const face = family.find((candidate) => candidate.characters.has(codePoint));
    const font = face?.font ?? family[0]!.font;
    const printed = face || /\s/.test(character) ? character : '?';
    const last = runs.at(-1);
    if (last && last.font === font) last.text += printed;
    else runs.push({ font, text: printed });
  }
  return runs;
}

function widthOf(family: FontFamily, text: string, size: number): number {
  return runsOf(family, text).reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, size), 0);
}

function drawRuns(
  page: PDFPage,
  family: FontFamily,
  text: string,
  at: { x: number; y: number; size: number; color: Color },
) {
  let x = at.x;
  for (const run of runsOf(family, text)) {
    page.drawText(run.text, { x, y: at.y, size: at.size, font: run.font, color: at.color });
    x += run.font.widthOfTextAtSize(run.text, at.size);
  }
}

function wrap(family: FontFamily, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (widthOf(family, candidate, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** An A4 page: agency, title, number, the rows, the QR code and the address to verify it. */
export async function renderResultPdf(content: DocumentContent): Promise<Buffer> {
  const [{ PDFDocument, rgb }, { default: fontkit }, { default: QRCode }] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit'),
    import('qrcode'),
  ]);
  const ink = rgb(0.1, 0.1, 0.1);
  const pdf = await PDFDocument.create();
  pdf.setTitle(content.title);
  pdf.setProducer('Terpadu');
  pdf.setCreator('Terpadu');
  pdf.registerFontkit(fontkit);
  const page = pdf.addPage([595.28, 841.89]);
  const regular = await embedFamily(pdf, 400);
  const bold = await embedFamily(pdf, 700);
  const left = 56;
  const width = 595.28 - 2 * left;
  let y = 780;
  const text = (value: string, options: { size?: number; font?: FontFamily; x?: number } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 11;
    for (const line of wrap(font, value, size, width - ((options.x ?? left) - left))) {
      drawRuns(page, font, line, { x: options.x ?? left, y, size, color: ink });
      y -= size + 5;
    }
  };
  text(content.agencyName.toUpperCase(), { size: 12, font: bold });
  y -= 6;
  page.drawLine({ start: { x: left, y: y + 6 }, end: { x: left + width, y: y + 6 }, thickness: 1 });
  y -= 18;
  text(content.title.toUpperCase(), { size: 16, font: bold });
  text(`Nomor: ${content.documentNumber}`, { size: 11 });
  y -= 14;
  for (const row of content.rows) {
    const rowTop = y;
    text(row.label, { font: bold, size: 10 });
    const afterLabel = y;
    y = rowTop;
    text(row.value || '-', { x: left + 190, size: 11 });
    y = Math.min(y, afterLabel) - 4;
  }
  y -= 10;
  text(`Diterbitkan: ${content.issuedAtText}`, { size: 10 });
  if (content.footer) text(content.footer, { size: 9 });
  const qrPng = await QRCode.toBuffer(content.verificationUrl, {
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 240,
  });
  const qr = await pdf.embedPng(qrPng);
  page.drawImage(qr, { x: left, y: 70, width: 110, height: 110 });
  const note = [
    'Dokumen ini ditandatangani secara elektronik (Ed25519).',
    'Periksa keasliannya dengan memindai kode QR atau membuka:',
    content.verificationUrl,
  ];
  note.forEach((line, index) => {
    drawRuns(page, regular, line, { x: left + 125, y: 160 - index * 14, size: 9, color: ink });
  });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}
