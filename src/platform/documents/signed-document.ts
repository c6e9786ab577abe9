import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import type { PersonalDataCipher } from '../crypto/personal-data.ts';

/**
 * Result documents the platform issues: a PDF (pdf-lib: pure JavaScript, no native build or
 * external binary, maintained, embeds PNG images and standard fonts) carrying a QR code (qrcode:
 * the standard npm QR encoder) that points to the public verification page, and an Ed25519
 * signature (node:crypto) over a canonical payload that names the PDF's SHA-256. A changed PDF no
 * longer matches the hash; a changed payload or a forged signature fails the key.
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

/** The standard PDF fonts speak WinAnsi only: anything else is replaced rather than failing the issue. */
function printable(font: PDFFont, text: string): string {
  let result = '';
  for (const character of text.normalize('NFC')) {
    try {
      font.encodeText(character);
      result += character;
    } catch {
      result += '?';
    }
  }
  return result;
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** An A4 page: agency, title, number, the rows, the QR code and the address to verify it. */
export async function renderResultPdf(content: DocumentContent): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(content.title);
  pdf.setProducer('Terpadu');
  pdf.setCreator('Terpadu');
  const page = pdf.addPage([595.28, 841.89]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const left = 56;
  const width = 595.28 - 2 * left;
  let y = 780;
  const text = (value: string, options: { size?: number; font?: PDFFont; x?: number } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 11;
    for (const line of wrap(font, printable(font, value), size, width - ((options.x ?? left) - left))) {
      page.drawText(line, { x: options.x ?? left, y, size, font, color: rgb(0.1, 0.1, 0.1) });
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
    page.drawText(printable(regular, line), { x: left + 125, y: 160 - index * 14, size: 9, font: regular });
  });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}
