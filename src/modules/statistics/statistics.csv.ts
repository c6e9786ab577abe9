/**
 * CSV that opens correctly in a spreadsheet: UTF-8 with a byte-order mark (so Excel reads
 * Indonesian and other non-ASCII text right), CRLF line ends, every field quoted when it holds a
 * comma, quote or line break (RFC 4180), and text that a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) prefixed with an apostrophe (OWASP: CSV injection).
 */
export type CsvCell = string | number | boolean | null | undefined;

const BYTE_ORDER_MARK = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  // Numbers are ours, not a user's text: a negative number stays a number.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'ya' : 'tidak';
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) || guarded !== guarded.trim()
    ? `"${guarded.replaceAll('"', '""')}"`
    : guarded;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${BYTE_ORDER_MARK}${lines.join('\r\n')}\r\n`;
}
