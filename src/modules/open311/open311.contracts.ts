import { z } from 'zod';

const RegionCode = z
  .string()
  .trim()
  .regex(/^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/, 'Kode kabupaten/kota Kemendagri, mis. 35.78');

/** An admin issuing a key to an agency system or civic app. */
export const CreateApiKey = z.strictObject({
  name: z.string().trim().min(3).max(100),
  /** Where requests go when they name no jurisdiction_id (an app serving one regency). */
  regionCode: RegionCode.optional(),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
});
export type CreateApiKey = z.infer<typeof CreateApiKey>;

export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  /** The key's first characters, to recognise it; never the key. */
  prefix: z.string(),
  regionCode: z.string().nullable(),
  rateLimitPerMinute: z.number().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

/** Returned once, at issue: the key itself is stored only as a hash. */
export const IssuedApiKey = ApiKeyView.extend({ key: z.string() });

/** What an Open311 client sent about its reporter (null where it sent nothing). */
export const ReporterContact = z.object({
  email: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  phone: z.string().nullable(),
  device_id: z.string().nullable(),
  account_id: z.string().nullable(),
});

// ---------------------------------------------------------------------------------------------
// Open311 inputs (form fields and query parameters, all strings on the wire)

/** Clients often send empty fields for what they lack: an empty field is an absent one. */
const optionalText = (max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.string().trim().max(max).optional(),
  );
const optionalNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number().min(min).max(max).optional(),
  );

const HTML_TAG = /<\/?[a-zA-Z!?][^>]*>/;

export const PostServiceRequest = z
  .object({
    service_code: z.string().trim().min(1).max(60),
    jurisdiction_id: optionalText(20),
    /** Indonesia lies between 11.5° S and 6.5° N, 94° E and 141.5° E. */
    lat: optionalNumber(-11.5, 6.5),
    long: optionalNumber(94, 141.5),
    address_string: optionalText(300),
    address_id: optionalText(100),
    email: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.email().max(254).optional(),
    ),
    device_id: optionalText(200),
    account_id: optionalText(200),
    first_name: optionalText(100),
    last_name: optionalText(100),
    phone: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z
        .string()
        .trim()
        .regex(/^\+?[0-9][0-9 ().-]{5,24}$/)
        .optional(),
    ),
    description: z
      .string()
      .trim()
      .min(20, 'Uraian minimal 20 karakter / at least 20 characters')
      .max(4000)
      .refine((text) => !HTML_TAG.test(text), 'HTML tidak diizinkan / HTML is not allowed'),
    media_url: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z
        .url({ protocol: /^https?$/ })
        .max(2000)
        .optional(),
    ),
  })
  .refine((form) => (form.lat === undefined) === (form.long === undefined), {
    message: 'lat dan long harus dikirim bersama / lat and long go together',
    path: ['long'],
  })
  .refine(
    (form) => form.lat !== undefined || form.address_string !== undefined || form.address_id !== undefined,
    {
      message: 'Lokasi wajib: lat+long, address_string atau address_id / a location is required',
      path: ['lat'],
    },
  );
export type PostServiceRequest = z.infer<typeof PostServiceRequest>;

const Datetime = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
);

export const ServiceRequestsQuery = z.object({
  service_request_id: optionalText(2200),
  service_code: optionalText(1000),
  start_date: Datetime,
  end_date: Datetime,
  status: optionalText(20),
  jurisdiction_id: optionalText(20),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(1000),
  api_key: optionalText(200),
});
export type ServiceRequestsQuery = z.infer<typeof ServiceRequestsQuery>;
