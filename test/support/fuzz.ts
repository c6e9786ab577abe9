import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/**
 * Arbitraries and checks shared by the property tests that throw random and adversarial input at
 * the API (test/api/*-fuzz.test.ts).
 */

export function describeRequest(request: InjectOptions, response: LightMyRequestResponse): string {
  const payload = typeof request.payload === 'string' ? request.payload.slice(0, 300) : '';
  return `${request.method} ${String(request.url).slice(0, 300)} ${JSON.stringify(request.headers ?? {})} ${payload} → ${response.statusCode} ${response.body.slice(0, 300)}`;
}

/**
 * Never a 5xx; every 4xx is a problem document whose status matches the response; a success is
 * JSON unless it is a file download (CSV, XLSX, PDF: `content-disposition: attachment`).
 */
export function expectWellFormedAnswer(request: InjectOptions, response: LightMyRequestResponse) {
  const described = describeRequest(request, response);
  expect(response.statusCode, described).toBeLessThan(500);
  if (response.statusCode >= 400) {
    expect(response.headers['content-type'], described).toMatch(/^application\/problem\+json/);
    expect(response.json(), described).toMatchObject({
      type: expect.stringMatching(/^urn:terpadu:problem:[a-z0-9-]+$/),
      title: expect.any(String),
      status: response.statusCode,
      code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
    });
  } else if (
    response.statusCode !== 204 &&
    !/^attachment/.test(String(response.headers['content-disposition']))
  ) {
    expect(response.headers['content-type'], described).toMatch(/^application\/json/);
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

export const HUGE = 'A'.repeat(300_000);
export const DEEP_ARRAY = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;

export const adversarialString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'Siti\u0000Rahayu',
    '\uD800',
    'a\uDFFFb',
    '\u202Egnp.exe',
    '\uFEFF',
    '𝕿𝖊𝖗𝖕𝖆𝖉𝖚 🇮🇩',
    "' OR '1'='1' --",
    '%',
    '_',
    '\\',
    '%_\\%',
    '<script>alert(1)</script>',
    '{{7*7}} <%= 7*7 %> #{7*7}',
    '../../etc/passwd',
    '3578011205900001',
    '35.78',
    'kemenpanrb',
    'admin@terpadu.test',
    'x'.repeat(10_000),
    '9'.repeat(400),
  ),
);

const jsonKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'nik',
    'email',
    'password',
    'name',
    'phone',
    'token',
    'role',
    'scopes',
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** JSON texts, written out by hand so that __proto__ keys, duplicate keys and odd numbers survive. */
export const jsonText = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    adversarialString.map((text) => JSON.stringify(text)),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()).map(String),
    fc.constantFrom('null', '1e999', '-0', '1e-400', '123456789012345678901234567890', '0.1e1'),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc
    .array(fc.tuple(jsonKey, tie('value')), { maxLength: 6 })
    .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
})).value;

/** Bodies that are JSON of any shape, broken JSON, or pathological. */
export const anyBodyText = fc.oneof(
  { arbitrary: jsonText, weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 80 }), weight: 2 },
  {
    arbitrary: fc.tuple(jsonText, fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
    weight: 1,
  },
  {
    arbitrary: fc.constantFrom(
      '',
      '{',
      '[',
      '{"nik":}',
      '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
      DEEP_ARRAY,
      JSON.stringify({ name: HUGE }),
      JSON.stringify({ email: 'a'.repeat(1_100_000) }),
    ),
    weight: 1,
  },
);

/** A right value most of the time, otherwise something of the wrong type or adversarial. */
export function mostlyRight<T>(right: fc.Arbitrary<T>, rightWeight = 3): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: right, weight: rightWeight },
    {
      arbitrary: fc.oneof(
        adversarialString,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
      ),
      weight: 1,
    },
  );
}

const printableHeaderValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 120,
});
const headerName = fc.oneof(
  fc.constantFrom(
    'content-type',
    'accept-language',
    'authorization',
    'cookie',
    'x-csrf-token',
    'x-request-id',
    'accept',
    'origin',
    'referer',
    'x-forwarded-for',
    'x-forwarded-proto',
    'content-length',
    'content-encoding',
    'transfer-encoding',
    'expect',
    'range',
    'user-agent',
    'x-http-method-override',
  ),
  fc.stringMatching(/^x-[a-z0-9-]{1,16}$/),
);
const headerValue = fc.oneof(
  printableHeaderValue,
  fc.constantFrom(
    '',
    'application/json',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/merge-patch+json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=--batas',
    'multipart/form-data',
    '*/*',
    `Bearer ${'a'.repeat(43)}`,
    'Bearer x',
    'Basic YWRtaW46YWRtaW4=',
    `terpadu_session=${'a'.repeat(43)}`,
    'terpadu_session=%E0%A4%A; lain=%zz',
    'en',
    'en;q=0, id;q=abc',
    '0',
    '-1',
    '99999999',
    'abc',
    'chunked',
    'gzip',
    '100-continue',
    'bytes=0-1',
  ),
);
export const randomHeaders = fc.dictionary(headerName, headerValue, { maxKeys: 5 });

/** Every byte percent-encoded, so that any string (even a lone surrogate) can travel in a URL. */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}
export const rawUrlPiece = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."aZ09-._~%&=+;,/?:@!$*()[]'#".split('')), maxLength: 30 }),
  fc.constantFrom('%ED%A0%80', '%FF%FE', '%00', '%', '%zz', '%E0%A4%A', '%2F%2E%2E', '%C0%AF'),
);
