import type { MessageKey } from '../../i18n.ts';

/**
 * Quick checks before a request, mirroring the shapes of identity.contracts.ts. They only save a
 * round trip: the server checks everything again (e.g. whether a NIK's region exists).
 */
export type Check = (value: string) => MessageKey | undefined;

/** Limits of identity.contracts.ts that the inputs and the checks share. */
const EMAIL_MAX = 254;
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;

/** The attributes of an e-mail or password input: its type, what browsers may fill in, its limit. */
export const emailInput = {
  type: 'email',
  autoComplete: 'email',
  spellCheck: false,
  maxLength: EMAIL_MAX,
} as const;
export const newPasswordInput = {
  type: 'password',
  autoComplete: 'new-password',
  maxLength: PASSWORD_MAX,
} as const;
export const currentPasswordInput = {
  type: 'password',
  autoComplete: 'current-password',
  maxLength: PASSWORD_MAX,
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{8,20}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const normaliseNik = (value: string) => value.replace(/[\s.-]/g, '');
export const looksLikeNik = (value: string) => /^\d{16}$/.test(normaliseNik(value));

export const required: Check = (value) => (value.trim() ? undefined : 'form.required');
export const nik: Check = (value) =>
  !value.trim() ? 'form.required' : looksLikeNik(value) ? undefined : 'register.nik.format';
export const personName: Check = (value) =>
  !value.trim() ? 'form.required' : value.trim().length < 2 ? 'register.name.min' : undefined;
export const email: Check = (value) =>
  !value.trim() ? 'form.required' : EMAIL.test(value.trim()) ? undefined : 'form.email.invalid';
export const newPassword: Check = (value) =>
  !value
    ? 'form.required'
    : value.length < PASSWORD_MIN
      ? 'form.password.min'
      : value.length > PASSWORD_MAX
        ? 'form.password.max'
        : undefined;
export const optionalPhone: Check = (value) =>
  !value.trim() || PHONE.test(value.trim()) ? undefined : 'register.phone.invalid';
export const slug: Check = (value) =>
  !value.trim() ? 'form.required' : SLUG.test(value.trim()) ? undefined : 'officer.createUnit.slug.invalid';

/** Runs one check per field and keeps the messages of those that fail. */
export function runChecks<F extends string>(
  values: Record<F, string>,
  checks: Partial<Record<F, Check>>,
  t: (key: MessageKey) => string,
): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  for (const field of Object.keys(checks) as F[]) {
    const key = checks[field]?.(values[field]);
    if (key) errors[field] = t(key);
  }
  return errors;
}
