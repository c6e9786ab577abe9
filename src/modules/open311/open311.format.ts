import type { FastifyReply } from 'fastify';
import type { create } from 'xmlbuilder2';
import { AppError } from '../../platform/http/errors.ts';
import { Open311Errors } from './open311.errors.ts';

/** The two formats GeoReport v2 defines, chosen by the suffix of the last path segment. */
export type Format = 'json' | 'xml';

const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** Splits `services.json` into `services` and `json`; undefined format when the suffix is missing or unknown. */
export function splitFormat(segment: string): { name: string; format: Format | undefined } {
  const dot = segment.lastIndexOf('.');
  if (dot <= 0) return { name: segment, format: undefined };
  const suffix = segment.slice(dot + 1).toLowerCase();
  return {
    name: segment.slice(0, dot),
    format: suffix === 'json' || suffix === 'xml' ? suffix : undefined,
  };
}

export function requireFormat(segment: string): { name: string; format: Format } {
  const { name, format } = splitFormat(segment);
  if (!format) throw new AppError(Open311Errors.OPEN311_FORMAT_UNKNOWN);
  return { name, format };
}

/** In XML each element of a list is wrapped in an element named for one item (the spec's names). */
const LIST_ITEMS: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

export type Open311Value =
  | string
  | number
  | boolean
  | null
  | undefined
  | Open311Value[]
  | { [name: string]: Open311Value };

/** Characters XML 1.0 cannot carry at all (controls other than tab and newlines): dropped. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

type XmlNode = ReturnType<typeof create>;

function writeElement(parent: XmlNode, name: string, value: Open311Value): void {
  const element = parent.ele(name);
  if (Array.isArray(value)) {
    const itemName = LIST_ITEMS[name] ?? 'item';
    for (const item of value) writeElement(element, itemName, item);
  } else if (value !== null && typeof value === 'object') {
    for (const [childName, child] of Object.entries(value)) writeElement(element, childName, child);
  } else if (value !== null && value !== undefined) {
    element.txt(String(value).replace(NOT_XML, ''));
  }
}

/**
 * A document built by xmlbuilder2 (which escapes text and checks names), never by
 * concatenation: report texts are written by the public.
 */
export async function toXml(rootName: string, value: Open311Value): Promise<string> {
  // Loaded at the first XML answer: most clients ask for JSON (about 12 MB otherwise carried).
  const { create } = await import('xmlbuilder2');
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  writeElement(document, rootName, value);
  return document.end({ prettyPrint: false });
}

/** Sends `value` as JSON, or as XML under `rootName`. */
export async function sendOpen311(
  reply: FastifyReply,
  format: Format,
  rootName: string,
  value: Open311Value,
  status = 200,
) {
  const body = format === 'xml' ? await toXml(rootName, value) : JSON.stringify(value);
  return reply.status(status).type(CONTENT_TYPES[format]).send(body);
}
