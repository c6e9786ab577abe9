import { createHash, randomBytes } from 'node:crypto';
import { hash as hashPassword, verify as verifyPassword } from '@node-rs/argon2';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { PersonalDataCipher } from '../../platform/crypto/personal-data.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/auth.ts';
import { AppError, type FieldError, PlatformErrors } from '../../platform/http/errors.ts';
import { enqueueEmail } from '../../platform/notify/outbox.ts';
import { findRegion } from '../../platform/regions/regions.ts';
import type {
  AgencySummary,
  CreateOfficer,
  CreateUnit,
  CurrentUser,
  Login,
  RegisterCitizen,
  Role,
} from './identity.contracts.ts';
import { IdentityErrors } from './identity.errors.ts';
import * as repository from './identity.repository.ts';
import { grantableRoles, hasNationalScope, scopesFor } from './identity.scopes.ts';
import { checkNik, maskNik, maskPhone, nikDistrictCode, normaliseNik } from './nik.ts';

export type IdentityContext = {
  db: Database;
  cipher: PersonalDataCipher;
  settings: {
    sessionTtlHours: number;
    loginMaxFailures: number;
    loginLockMinutes: number;
    publicUrl: string;
  };
  /** Called after a transaction that queued e-mail commits. */
  onEmailQueued: () => void;
};

export type RequestMeta = { requestId?: string | undefined };

const ONE_TIME_TOKEN_HOURS = { 'verify-email': 72, 'reset-password': 2 } as const;
/** A real hash of a random password: unknown accounts cost the same time as known ones. */
const DUMMY_HASH = hashPassword(randomBytes(16).toString('hex'));

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function toAgencySummary(agency: repository.AgencyRow, parentCode: string | null): AgencySummary {
  return {
    id: agency.id,
    code: agency.code,
    name: agency.name,
    kind: agency.kind,
    parentCode,
    regionCode: agency.regionCode,
  };
}

function parentCodeOf(agency: repository.AgencyRow): string | null {
  const parts = agency.path.split('>');
  return parts.length > 1 ? parts[parts.length - 2]! : null;
}

export function agencySummary(agency: repository.AgencyRow): AgencySummary {
  return toAgencySummary(agency, parentCodeOf(agency));
}

async function validateNik(context: IdentityContext, raw: string, field = 'nik') {
  const districtCode = nikDistrictCode(raw);
  const district = districtCode ? await findRegion(context.db, districtCode) : undefined;
  const result = checkNik(raw, () => district?.level === 3, field);
  if (result.errors.length > 0)
    throw new AppError(PlatformErrors.VALIDATION_FAILED, { fields: result.errors });
  return result;
}

async function issueOneTimeToken(
  db: Database,
  userId: string,
  purpose: keyof typeof ONE_TIME_TOKEN_HOURS,
): Promise<string> {
  const token = newToken();
  await repository.insertOneTimeToken(db, {
    tokenHash: hashToken(token),
    userId,
    purpose,
    expiresAt: new Date(Date.now() + ONE_TIME_TOKEN_HOURS[purpose] * 3_600_000),
  });
  return token;
}

function verificationEmail(context: IdentityContext, name: string, token: string) {
  const link = `${context.settings.publicUrl}/verifikasi-email#token=${token}`;
  return {
    subject: 'Verifikasi email Anda di Terpadu / Verify your e-mail',
    text: [
      `Halo ${name},`,
      '',
      'Buka tautan berikut untuk memverifikasi alamat email Anda (berlaku 72 jam):',
      link,
      '',
      'Open this link to verify your e-mail address (valid for 72 hours).',
      '',
      'Jika Anda tidak mendaftar di Terpadu, abaikan email ini.',
    ].join('\n'),
  };
}

function passwordEmail(context: IdentityContext, name: string, token: string, isNewAccount: boolean) {
  const link = `${context.settings.publicUrl}/atur-ulang-sandi#token=${token}`;
  return {
    subject: isNewAccount
      ? 'Akun petugas Terpadu Anda / Your Terpadu officer account'
      : 'Atur ulang kata sandi Terpadu / Reset your Terpadu password',
    text: [
      `Halo ${name},`,
      '',
      isNewAccount
        ? 'Akun petugas telah dibuat untuk Anda. Buka tautan berikut untuk membuat kata sandi (berlaku 2 jam):'
        : 'Buka tautan berikut untuk membuat kata sandi baru (berlaku 2 jam):',
      link,
      '',
      isNewAccount
        ? 'An officer account was created for you. Open the link to choose a password (valid for 2 hours).'
        : 'Open the link to choose a new password (valid for 2 hours).',
      '',
      'Jika Anda tidak memintanya, abaikan email ini.',
    ].join('\n'),
  };
}

function assertUnique(existing: repository.UserRow | undefined, code: string) {
  if (existing) throw new AppError(code);
}

/** Unique-index races end as the same 409 as the pre-check, never a 500. */
function uniqueViolationToConflict(error: unknown): never {
  const text = String(
    (error as { cause?: { message?: string } })?.cause?.message ?? (error as Error)?.message,
  );
  if (text.includes('users_email_key')) throw new AppError(IdentityErrors.EMAIL_TAKEN);
  if (text.includes('users_nik_index_key')) throw new AppError(IdentityErrors.NIK_TAKEN);
  if (text.includes('agencies_code_key')) throw new AppError(IdentityErrors.AGENCY_CODE_TAKEN);
  throw error;
}

export async function registerCitizen(
  context: IdentityContext,
  options: { input: RegisterCitizen } & RequestMeta,
): Promise<{ id: string; email: string; name: string; nikMasked: string; warnings: FieldError[] }> {
  const { input } = options;
  const nikCheck = await validateNik(context, input.nik);
  const nik = normaliseNik(input.nik);
  const nikIndex = context.cipher.blindIndex(nik);
  assertUnique(await repository.findUserByEmail(context.db, input.email), IdentityErrors.EMAIL_TAKEN);
  assertUnique(await repository.findUserByNikIndex(context.db, nikIndex), IdentityErrors.NIK_TAKEN);
  const passwordHash = await hashPassword(input.password);
  const user = await context.db
    .transaction(async (tx) => {
      const created = await repository.insertUser(tx, {
        kind: 'warga',
        email: input.email,
        name: input.name,
        passwordHash,
        nikCiphertext: context.cipher.encrypt(nik),
        nikIndex,
        nikMasked: maskNik(nik),
        phoneCiphertext: input.phone ? context.cipher.encrypt(input.phone) : null,
        phoneMasked: input.phone ? maskPhone(input.phone) : null,
      });
      const token = await issueOneTimeToken(tx, created.id, 'verify-email');
      await enqueueEmail(tx, { to: created.email, ...verificationEmail(context, created.name, token) });
      await appendAudit(tx, {
        actorId: created.id,
        action: 'user.registered',
        targetType: 'user',
        targetId: created.id,
        requestId: options.requestId,
      });
      return created;
    })
    .catch(uniqueViolationToConflict);
  context.onEmailQueued();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    nikMasked: user.nikMasked!,
    warnings: nikCheck.warnings,
  };
}

export async function resendVerification(context: IdentityContext, options: { actor: Actor }): Promise<void> {
  const user = await repository.findUserById(context.db, options.actor.userId);
  if (!user || user.emailVerifiedAt) return;
  await context.db.transaction(async (tx) => {
    const token = await issueOneTimeToken(tx, user.id, 'verify-email');
    await enqueueEmail(tx, { to: user.email, ...verificationEmail(context, user.name, token) });
  });
  context.onEmailQueued();
}

export async function verifyEmail(context: IdentityContext, options: { token: string } & RequestMeta) {
  await context.db.transaction(async (tx) => {
    const userId = await repository.consumeOneTimeToken(tx, hashToken(options.token), 'verify-email');
    if (!userId) throw new AppError(IdentityErrors.TOKEN_INVALID);
    await repository.updateUser(tx, userId, { emailVerifiedAt: new Date() });
    await appendAudit(tx, {
      actorId: userId,
      action: 'user.email_verified',
      targetType: 'user',
      targetId: userId,
      requestId: options.requestId,
    });
  });
}

/** Always succeeds from the caller's view, so it cannot be used to learn who has an account. */
export async function requestPasswordReset(context: IdentityContext, options: { email: string }) {
  const user = await repository.findUserByEmail(context.db, options.email);
  if (!user || user.disabledAt) return;
  await context.db.transaction(async (tx) => {
    const token = await issueOneTimeToken(tx, user.id, 'reset-password');
    await enqueueEmail(tx, { to: user.email, ...passwordEmail(context, user.name, token, false) });
  });
  context.onEmailQueued();
}

export async function resetPassword(
  context: IdentityContext,
  options: { token: string; password: string } & RequestMeta,
) {
  const passwordHash = await hashPassword(options.password);
  await context.db.transaction(async (tx) => {
    const userId = await repository.consumeOneTimeToken(tx, hashToken(options.token), 'reset-password');
    if (!userId) throw new AppError(IdentityErrors.TOKEN_INVALID);
    // The link arrived by e-mail, so the address is proven as well.
    const user = await repository.findUserById(tx, userId);
    await repository.updateUser(tx, userId, {
      passwordHash,
      failedLoginCount: 0,
      lockedUntil: null,
      emailVerifiedAt: user?.emailVerifiedAt ?? new Date(),
    });
    await repository.revokeBrowserSessionsOfUser(tx, userId);
    await appendAudit(tx, {
      actorId: userId,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: userId,
      requestId: options.requestId,
    });
  });
}

export async function login(
  context: IdentityContext,
  options: { input: Login } & RequestMeta,
): Promise<{ token: string; expiresAt: Date; csrfToken: string; user: CurrentUser }> {
  const { input } = options;
  const user =
    'email' in input
      ? await repository.findUserByEmail(context.db, input.email)
      : await repository.findUserByNikIndex(context.db, context.cipher.blindIndex(normaliseNik(input.nik)));
  if (!user?.passwordHash) {
    await verifyPassword(await DUMMY_HASH, input.password);
    throw new AppError(IdentityErrors.INVALID_CREDENTIALS);
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    const seconds = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000);
    throw new AppError(IdentityErrors.ACCOUNT_LOCKED, { headers: { 'retry-after': String(seconds) } });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await repository.recordFailedLogin(context.db, user.id, {
      maxFailures: context.settings.loginMaxFailures,
      lockMinutes: context.settings.loginLockMinutes,
    });
    throw new AppError(IdentityErrors.INVALID_CREDENTIALS);
  }
  if (user.disabledAt) throw new AppError(IdentityErrors.ACCOUNT_DISABLED);
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + context.settings.sessionTtlHours * 3_600_000);
  await context.db.transaction(async (tx) => {
    await repository.insertSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      kind: 'browser',
      csrfToken,
      expiresAt,
    });
    await repository.updateUser(tx, user.id, {
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: new Date(),
    });
    await appendAudit(tx, {
      actorId: user.id,
      actorRole: user.role,
      action: 'session.created',
      targetType: 'user',
      targetId: user.id,
      requestId: options.requestId,
    });
  });
  const agency = user.agencyId ? await repository.findAgencyById(context.db, user.agencyId) : undefined;
  return { token, expiresAt, csrfToken, user: currentUserView(user, agency) };
}

export async function logout(context: IdentityContext, options: { actor: Actor } & RequestMeta) {
  await repository.revokeSession(context.db, options.actor.sessionId);
}

/**
 * The subtree an officer acts on. An oversight officer in a unit (an Inspektorat is a unit of its
 * regency) oversees the whole government the unit belongs to, so its path stops at the nearest
 * ancestor that is not a unit; everyone else acts on their own agency's subtree.
 */
function authorityPath(role: Role | null, path: string): string {
  if (role !== 'pengawas') return path;
  const segments = path.split('>');
  const government = segments.filter((code) => !code.includes('/'));
  return government.length > 0 ? government.join('>') : path;
}

/** Turns a presented token into an actor, or undefined when it is unknown, expired or revoked. */
export async function resolveSessionToken(
  context: IdentityContext,
  token: string,
  via: Actor['via'],
): Promise<Actor | undefined> {
  const found = await repository.findLiveSession(context.db, hashToken(token));
  if (!found) return undefined;
  // A machine token is only good as a bearer token, a browser session only as its cookie or bearer.
  if (found.session.kind === 'api' && via === 'cookie') return undefined;
  const role = found.user.role;
  return {
    userId: found.user.id,
    kind: found.user.kind,
    role,
    agencyId: found.user.agencyId,
    agencyPath: found.agency ? authorityPath(role, found.agency.path) : null,
    hasNationalScope: hasNationalScope(role, found.agency?.kind ?? null),
    scopes: new Set(scopesFor(role)),
    sessionId: found.session.id,
    csrfToken: found.session.csrfToken,
    via,
  };
}

function currentUserView(user: repository.UserRow, agency: repository.AgencyRow | undefined): CurrentUser {
  return {
    id: user.id,
    kind: user.kind,
    name: user.name,
    email: user.email,
    emailVerified: Boolean(user.emailVerifiedAt),
    nikMasked: user.nikMasked,
    phoneMasked: user.phoneMasked,
    role: user.role,
    agency: agency ? agencySummary(agency) : null,
    scopes: scopesFor(user.role),
  };
}

export async function getCurrentUser(
  context: IdentityContext,
  options: { actor: Actor },
): Promise<CurrentUser> {
  const user = await repository.findUserById(context.db, options.actor.userId);
  if (!user) throw new AppError(PlatformErrors.UNAUTHENTICATED);
  const agency = user.agencyId ? await repository.findAgencyById(context.db, user.agencyId) : undefined;
  return currentUserView(user, agency);
}

// ---------------------------------------------------------------------------------------------
// Agencies

export async function getAgency(context: IdentityContext, options: { code: string }) {
  const agency = await repository.findAgencyByCode(context.db, options.code);
  if (!agency) throw new AppError(IdentityErrors.AGENCY_NOT_FOUND);
  return agency;
}

export async function listAgencies(
  context: IdentityContext,
  options: {
    parentCode?: string | undefined;
    kind?: repository.AgencyRow['kind'] | undefined;
    q?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<AgencySummary[]> {
  const parent = options.parentCode ? await getAgency(context, { code: options.parentCode }) : undefined;
  const rows = await repository.listAgencies(context.db, {
    ...(parent ? { parentId: parent.id } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.q ? { text: options.q } : {}),
    limit: options.limit,
    offset: options.offset,
  });
  return rows.map(agencySummary);
}

/** Whether an officer's authority reaches an agency (its own subtree, or everything for national roles). */
export function actorReachesAgency(actor: Actor, agency: { path: string }): boolean {
  if (actor.hasNationalScope) return true;
  if (!actor.agencyPath) return false;
  return agency.path === actor.agencyPath || agency.path.startsWith(`${actor.agencyPath}>`);
}

export async function createUnit(
  context: IdentityContext,
  options: { actor: Actor; input: CreateUnit } & RequestMeta,
): Promise<AgencySummary> {
  const parent = await getAgency(context, { code: options.input.parentCode });
  if (!actorReachesAgency(options.actor, parent)) throw new AppError(IdentityErrors.AGENCY_OUT_OF_SCOPE);
  const code = `${parent.code}/${options.input.slug}`;
  const created = await context.db
    .transaction(async (tx) => {
      const row = await repository.insertAgency(tx, {
        code,
        name: options.input.name,
        kind: 'unit',
        parentId: parent.id,
        path: `${parent.path}>${code}`,
        regionCode: parent.regionCode,
      });
      await appendAudit(tx, {
        actorId: options.actor.userId,
        actorRole: options.actor.role,
        action: 'agency.created',
        targetType: 'agency',
        targetId: code,
        requestId: options.requestId,
        details: { name: options.input.name, parentCode: parent.code },
      });
      return row;
    })
    .catch(uniqueViolationToConflict);
  return agencySummary(created);
}

// ---------------------------------------------------------------------------------------------
// Officers and accounts

const ROLES_FOR_NATIONAL_ONLY: Role[] = ['admin-nasional', 'sysadmin'];

export async function createOfficer(
  context: IdentityContext,
  options: { actor: Actor | 'system'; input: CreateOfficer } & RequestMeta,
): Promise<{ id: string; email: string; role: Role; agencyCode: string }> {
  const { actor, input } = options;
  const agency = await getAgency(context, { code: input.agencyCode });
  if (actor !== 'system') {
    if (!grantableRoles(actor.role as Role | null).includes(input.role)) {
      throw new AppError(IdentityErrors.ROLE_NOT_GRANTABLE);
    }
    if (!actorReachesAgency(actor, agency)) throw new AppError(IdentityErrors.AGENCY_OUT_OF_SCOPE);
  }
  if (ROLES_FOR_NATIONAL_ONLY.includes(input.role) && agency.kind !== 'pusat') {
    throw new AppError(IdentityErrors.ROLE_AGENCY_MISMATCH, {
      fields: [{ field: 'agencyCode', code: 'ROLE_AGENCY_MISMATCH' }],
    });
  }
  assertUnique(await repository.findUserByEmail(context.db, input.email), IdentityErrors.EMAIL_TAKEN);
  let nikFields = {};
  if (input.nik) {
    await validateNik(context, input.nik);
    const nik = normaliseNik(input.nik);
    const nikIndex = context.cipher.blindIndex(nik);
    assertUnique(await repository.findUserByNikIndex(context.db, nikIndex), IdentityErrors.NIK_TAKEN);
    nikFields = { nikCiphertext: context.cipher.encrypt(nik), nikIndex, nikMasked: maskNik(nik) };
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const actorId = actor === 'system' ? null : actor.userId;
  const user = await context.db
    .transaction(async (tx) => {
      const created = await repository.insertUser(tx, {
        kind: 'petugas',
        email: input.email,
        name: input.name,
        passwordHash,
        role: input.role,
        agencyId: agency.id,
        // An admin vouches for an officer's address; the set-password link proves it otherwise.
        emailVerifiedAt: passwordHash ? new Date() : null,
        ...nikFields,
      });
      if (!passwordHash) {
        const token = await issueOneTimeToken(tx, created.id, 'reset-password');
        await enqueueEmail(tx, { to: created.email, ...passwordEmail(context, created.name, token, true) });
      }
      await appendAudit(tx, {
        actorId,
        actorRole: actor === 'system' ? 'system' : actor.role,
        action: 'officer.created',
        targetType: 'user',
        targetId: created.id,
        requestId: options.requestId,
        details: { role: input.role, agencyCode: agency.code },
      });
      return created;
    })
    .catch(uniqueViolationToConflict);
  if (!passwordHash) context.onEmailQueued();
  return { id: user.id, email: user.email, role: input.role, agencyCode: agency.code };
}

/** A citizen account made by an operator (CLI); the NIK is checked as at registration. */
export async function createCitizenByOperator(
  context: IdentityContext,
  options: {
    input: { email: string; name: string; password: string; nik?: string | undefined; verified: boolean };
  },
) {
  const { input } = options;
  if (!input.nik) {
    throw new AppError(PlatformErrors.VALIDATION_FAILED, {
      fields: [{ field: 'nik', code: 'NIK_FORMAT' }],
      detail: 'A citizen account needs a NIK (--nik).',
    });
  }
  const created = await registerCitizen(context, {
    input: { email: input.email, name: input.name, password: input.password, nik: input.nik },
  });
  if (input.verified) await repository.updateUser(context.db, created.id, { emailVerifiedAt: new Date() });
  return created;
}

export async function listOfficers(
  context: IdentityContext,
  options: { actor: Actor; agencyCode?: string | undefined; limit: number; offset: number },
) {
  const { actor } = options;
  let subtreePath: string | undefined;
  if (options.agencyCode) {
    const agency = await getAgency(context, { code: options.agencyCode });
    // Outside one's authority is the same as not existing.
    if (!actorReachesAgency(actor, agency)) throw new AppError(IdentityErrors.AGENCY_NOT_FOUND);
    subtreePath = agency.path;
  } else if (!actor.hasNationalScope) {
    if (!actor.agencyPath) throw new AppError(PlatformErrors.FORBIDDEN);
    subtreePath = actor.agencyPath;
  }
  const rows = await repository.listOfficers(context.db, {
    ...(subtreePath ? { subtreePath } : {}),
    limit: options.limit,
    offset: options.offset,
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role!,
    agencyCode: row.agencyCode,
    agencyName: row.agencyName,
    disabled: Boolean(row.disabledAt),
    createdAt: row.createdAt.toISOString(),
  }));
}

// ---------------------------------------------------------------------------------------------
// Machine tokens for agency systems

export async function createApiToken(
  context: IdentityContext,
  options: { actor: Actor; label: string; userId?: string | undefined; expiresInDays: number } & RequestMeta,
) {
  const { actor } = options;
  const userId = options.userId ?? actor.userId;
  const user = await repository.findUserById(context.db, userId);
  if (user?.kind !== 'petugas') throw new AppError(IdentityErrors.USER_NOT_FOUND);
  if (userId !== actor.userId) {
    const agency = user.agencyId ? await repository.findAgencyById(context.db, user.agencyId) : undefined;
    if (!agency || !actorReachesAgency(actor, agency)) throw new AppError(IdentityErrors.USER_NOT_FOUND);
    if (!grantableRoles(actor.role as Role | null).includes(user.role as Role)) {
      throw new AppError(IdentityErrors.ROLE_NOT_GRANTABLE);
    }
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + options.expiresInDays * 86_400_000);
  const session = await context.db.transaction(async (tx) => {
    const created = await repository.insertSession(tx, {
      tokenHash: hashToken(token),
      userId,
      kind: 'api',
      label: options.label,
      csrfToken: newToken(),
      expiresAt,
      createdBy: actor.userId,
    });
    await appendAudit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'api_token.created',
      targetType: 'api_token',
      targetId: created.id,
      requestId: options.requestId,
      details: { userId, label: options.label },
    });
    return created;
  });
  return { id: session.id, token, expiresAt: expiresAt.toISOString(), userId, label: options.label };
}

export async function listApiTokens(context: IdentityContext, options: { actor: Actor }) {
  const { actor } = options;
  if (!actor.hasNationalScope && !actor.agencyPath) throw new AppError(PlatformErrors.FORBIDDEN);
  const rows = await repository.listApiTokens(context.db, {
    ...(actor.hasNationalScope ? {} : { subtreePath: actor.agencyPath! }),
    limit: 500,
  });
  return rows.map(({ token }) => ({
    id: token.id,
    label: token.label,
    userId: token.userId,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    revoked: Boolean(token.revokedAt),
  }));
}

export async function revokeApiToken(
  context: IdentityContext,
  options: { actor: Actor; id: string } & RequestMeta,
) {
  const { actor } = options;
  const found = await repository.findApiToken(context.db, options.id);
  const reachable =
    found &&
    (actor.hasNationalScope || (found.agencyPath && actorReachesAgency(actor, { path: found.agencyPath })));
  if (!found || !reachable) throw new AppError(IdentityErrors.API_TOKEN_NOT_FOUND);
  await context.db.transaction(async (tx) => {
    await repository.revokeSession(tx, options.id);
    await appendAudit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'api_token.revoked',
      targetType: 'api_token',
      targetId: options.id,
      requestId: options.requestId,
    });
  });
}

/** For operators at the console (demo seed, locked-out admins): sets a password and unlocks. */
export async function setPasswordByOperator(
  context: IdentityContext,
  options: { email: string; password: string },
): Promise<boolean> {
  const user = await repository.findUserByEmail(context.db, options.email.toLowerCase());
  if (!user) return false;
  await context.db.transaction(async (tx) => {
    await repository.updateUser(tx, user.id, {
      passwordHash: await hashPassword(options.password),
      failedLoginCount: 0,
      lockedUntil: null,
    });
    await appendAudit(tx, {
      actorRole: 'system',
      action: 'user.password_set_by_operator',
      targetType: 'user',
      targetId: user.id,
    });
  });
  return true;
}

// ---------------------------------------------------------------------------------------------
// For other modules (through index.ts)

export type AgencyRef = { id: string; code: string; name: string; kind: AgencySummary['kind']; path: string };

export async function findAgencies(context: IdentityContext, ids: string[]): Promise<Map<string, AgencyRef>> {
  const rows = await repository.findAgenciesByIds(context.db, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Name and e-mail of a user, for delivering notifications. Callers must not pass the result to
 * anyone who may not know the person (the complaints notifier uses it; officers never see it).
 */
export async function findUserContact(
  context: IdentityContext,
  userId: string,
): Promise<{ name: string; email: string } | undefined> {
  const user = await repository.findUserById(context.db, userId);
  return user && !user.disabledAt ? { name: user.name, email: user.email } : undefined;
}

export async function findCitizenIdByEmail(
  context: IdentityContext,
  email: string,
): Promise<string | undefined> {
  const user = await repository.findUserByEmail(context.db, email.toLowerCase());
  return user?.kind === 'warga' ? user.id : undefined;
}

/**
 * `findUserContact` of each of `userIds` and `listOfficersToNotify`, read together in one
 * statement (filing a report needs both before its write).
 */
export async function findNotificationContacts(
  context: IdentityContext,
  options: { userIds: string[]; roles: Role[]; agencyPath?: string | undefined },
): Promise<{
  contacts: Map<string, { name: string; email: string }>;
  officers: Array<{ id: string; name: string; email: string }>;
}> {
  const rows = await repository.findNotificationContacts(context.db, options);
  const contacts = new Map<string, { name: string; email: string }>();
  const officers: Array<{ id: string; name: string; email: string }> = [];
  for (const row of rows) {
    if (row.isOfficer) officers.push({ id: row.id, name: row.name, email: row.email });
    else if (row.isActive) contacts.set(row.id, { name: row.name, email: row.email });
  }
  return { contacts, officers };
}

/** Active officers with one of the roles whose agency is on the path (ancestors included) or national. */
export async function listOfficersToNotify(
  context: IdentityContext,
  options: { roles: Role[]; agencyPath?: string | undefined },
): Promise<Array<{ id: string; name: string; email: string }>> {
  return repository.findOfficersForNotification(context.db, options);
}

/**
 * What the platform knows about a citizen, for filling their own application forms ("once only").
 * Only for the citizen themself: callers pass the signed-in citizen's id, never another person's.
 * The NIK and phone are decrypted here; the caller must not log them.
 */
export async function findCitizenProfile(
  context: IdentityContext,
  userId: string,
): Promise<
  | {
      name: string;
      email: string;
      nik: string | null;
      phone: string | null;
      sex: 'L' | 'P' | null;
      birthDate: string | null;
    }
  | undefined
> {
  const user = await repository.findUserById(context.db, userId);
  if (user?.kind !== 'warga' || user.disabledAt) return undefined;
  const nik = user.nikCiphertext ? context.cipher.decrypt(user.nikCiphertext) : null;
  let sex: 'L' | 'P' | null = null;
  let birthDate: string | null = null;
  if (nik && /^\d{16}$/.test(nik)) {
    const rawDay = Number(nik.slice(6, 8));
    const isFemale = rawDay > 40;
    sex = isFemale ? 'P' : 'L';
    const day = isFemale ? rawDay - 40 : rawDay;
    const month = Number(nik.slice(8, 10));
    const twoDigitYear = Number(nik.slice(10, 12));
    // A NIK holder is alive now: a two-digit year after this year's is of the previous century.
    const currentTwoDigits = new Date().getUTCFullYear() % 100;
    const year = (twoDigitYear > currentTwoDigits ? 1900 : 2000) + twoDigitYear;
    const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const date = new Date(`${iso}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso) birthDate = iso;
  }
  return {
    name: user.name,
    email: user.email,
    nik,
    phone: user.phoneCiphertext ? context.cipher.decrypt(user.phoneCiphertext) : null,
    sex,
    birthDate,
  };
}
