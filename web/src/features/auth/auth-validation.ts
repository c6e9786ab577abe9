import type { MessageKey } from '../../i18n.ts';

/**
 * Quick checks before a request, mirroring the shapes of identity.contracts.ts. They only save a
 * round trip: the server checks everything again (e.g. whether a NIK's region exists).
 */
export type Check = (value: string) => MessageKey | undefined;

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
    : value.length < 8
      ? 'form.password.min'
      : value.length > 128
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
