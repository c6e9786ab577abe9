import { defineErrors } from '../../platform/http/errors.ts';

export const IdentityErrors = defineErrors({
  EMAIL_TAKEN: {
    status: 409,
    id: 'Alamat email ini sudah terdaftar.',
    en: 'This e-mail address is already registered.',
  },
  NIK_TAKEN: { status: 409, id: 'NIK ini sudah terdaftar.', en: 'This NIK is already registered.' },
  INVALID_CREDENTIALS: {
    status: 401,
    id: 'Email/NIK atau kata sandi salah.',
    en: 'Wrong e-mail/NIK or password.',
  },
  ACCOUNT_LOCKED: {
    status: 429,
    id: 'Terlalu banyak percobaan masuk yang gagal. Akun dikunci sementara; coba lagi nanti.',
    en: 'Too many failed log-in attempts. The account is locked for a while; try again later.',
  },
  ACCOUNT_DISABLED: { status: 403, id: 'Akun ini dinonaktifkan.', en: 'This account is disabled.' },
  TOKEN_INVALID: {
    status: 400,
    id: 'Tautan tidak valid atau sudah kedaluwarsa. Minta tautan baru.',
    en: 'The link is invalid or has expired. Ask for a new one.',
  },
  AGENCY_NOT_FOUND: { status: 404, id: 'Instansi tidak ditemukan.', en: 'Agency not found.' },
  AGENCY_CODE_TAKEN: {
    status: 409,
    id: 'Kode instansi ini sudah dipakai.',
    en: 'This agency code is already in use.',
  },
  AGENCY_OUT_OF_SCOPE: {
    status: 403,
    id: 'Instansi ini di luar wewenang Anda.',
    en: 'This agency is outside your authority.',
  },
  ROLE_NOT_GRANTABLE: {
    status: 403,
    id: 'Anda tidak dapat memberikan peran ini.',
    en: 'You cannot grant this role.',
  },
  ROLE_AGENCY_MISMATCH: {
    status: 400,
    id: 'Peran ini tidak sesuai dengan jenis instansi.',
    en: 'This role does not fit the kind of agency.',
  },
  USER_NOT_FOUND: { status: 404, id: 'Pengguna tidak ditemukan.', en: 'User not found.' },
  API_TOKEN_NOT_FOUND: { status: 404, id: 'Token tidak ditemukan.', en: 'Token not found.' },
});
