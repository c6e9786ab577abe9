import { z } from 'zod';

export const ROLES = ['admin-nasional', 'admin-instansi', 'penghubung', 'pengawas', 'sysadmin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const AGENCY_KINDS = ['pusat', 'provinsi', 'kabkota', 'unit'] as const;
export const AgencyKind = z.enum(AGENCY_KINDS);
export type AgencyKind = z.infer<typeof AgencyKind>;

const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((email) => email.toLowerCase());
export const Password = z.string().min(8).max(128);
const PersonName = z.string().trim().min(2).max(120);
/** Structure is checked by the service (it needs the region table); here only the shape. */
const NikInput = z.string().trim().max(32);
const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{8,20}$/);

export const RegisterCitizen = z.strictObject({
  nik: NikInput,
  name: PersonName,
  email: Email,
  password: Password,
  phone: Phone.optional(),
});
export type RegisterCitizen = z.infer<typeof RegisterCitizen>;

export const Login = z.union([
  z.strictObject({ email: Email, password: z.string().min(1).max(128) }),
  z.strictObject({ nik: NikInput, password: z.string().min(1).max(128) }),
]);
export type Login = z.infer<typeof Login>;

export const OneTimeTokenInput = z.strictObject({ token: z.string().min(20).max(200) });
export const PasswordResetRequest = z.strictObject({ email: Email });
export const PasswordResetConfirm = z.strictObject({
  token: z.string().min(20).max(200),
  password: Password,
});

export const AgencySummary = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: AgencyKind,
  parentCode: z.string().nullable(),
  regionCode: z.string().nullable(),
});
export type AgencySummary = z.infer<typeof AgencySummary>;

export const AgencySlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(60);

/** A central agency's slug, a Kemendagri region code, or parent/slug for a unit. */
export const AgencyCode = z
  .string()
  .trim()
  .max(200)
  .regex(/^([a-z0-9]+(-[a-z0-9]+)*|\d{2}(\.\d{2})?)(\/[a-z0-9]+(-[a-z0-9]+)*)*$/);

export const CreateUnit = z.strictObject({
  parentCode: AgencyCode,
  slug: AgencySlug,
  name: z.string().trim().min(3).max(200),
});
export type CreateUnit = z.infer<typeof CreateUnit>;

export const ListAgenciesQuery = z.strictObject({
  parentCode: AgencyCode.optional(),
  kind: AgencyKind.optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const CurrentUser = z.object({
  id: z.string(),
  kind: z.enum(['warga', 'petugas']),
  name: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  nikMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  role: Role.nullable(),
  agency: AgencySummary.nullable(),
  scopes: z.array(z.string()),
});
export type CurrentUser = z.infer<typeof CurrentUser>;

export const SessionCreated = z.object({
  token: z.string(),
  expiresAt: z.string(),
  csrfToken: z.string(),
  user: CurrentUser,
});

export const Registered = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  nikMasked: z.string(),
  emailVerified: z.boolean(),
  warnings: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
});

export const CreateOfficer = z.strictObject({
  email: Email,
  name: PersonName,
  role: Role,
  agencyCode: AgencyCode,
  /** Without one, the officer receives a link to choose a password. */
  password: Password.optional(),
  nik: NikInput.optional(),
});
export type CreateOfficer = z.infer<typeof CreateOfficer>;

export const Officer = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  agencyCode: z.string(),
  agencyName: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type Officer = z.infer<typeof Officer>;

export const ListOfficersQuery = z.strictObject({
  agencyCode: AgencyCode.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const CreateApiToken = z.strictObject({
  label: z.string().trim().min(3).max(100),
  /** The officer account the agency system acts as; yourself when omitted. */
  userId: z.uuid().optional(),
  expiresInDays: z.number().int().min(1).max(730).default(365),
});

export const ApiToken = z.object({
  id: z.string(),
  label: z.string().nullable(),
  userId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revoked: z.boolean(),
});
