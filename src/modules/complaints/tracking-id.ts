import { randomInt } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so it survives being read aloud or copied by hand. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Ten random symbols (50 bits) in two groups of five, e.g. 7K4MQ-9T2BZ: short to dictate, impossible to guess. */
export function newTrackingId(): string {
  let symbols = '';
  for (let index = 0; index < 10; index++) symbols += ALPHABET[randomInt(ALPHABET.length)];
  return `${symbols.slice(0, 5)}-${symbols.slice(5)}`;
}

/** Accepts what a person types: any case, spaces, and O/I/L for 0/1; undefined if it cannot be one. */
export function normaliseTrackingId(input: string): string | undefined {
  const symbols = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(symbols)) return undefined;
  return `${symbols.slice(0, 5)}-${symbols.slice(5)}`;
}
