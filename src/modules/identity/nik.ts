import { defineFieldMessages, type FieldError } from '../../platform/http/errors.ts';

export const NikCodes = defineFieldMessages({
  NIK_FORMAT: { id: 'NIK harus terdiri dari 16 angka.', en: 'A NIK has exactly 16 digits.' },
  NIK_REGION_UNKNOWN: {
    id: 'Kode wilayah pada NIK (6 angka pertama) tidak terdaftar di Kemendagri.',
    en: 'The region code in the NIK (first 6 digits) is not a Kemendagri district.',
  },
  NIK_BIRTH_DAY_INVALID: {
    id: 'Tanggal lahir pada NIK (angka ke-7 dan ke-8) harus 01–31, atau 41–71 untuk perempuan.',
    en: 'The birth day in the NIK (digits 7–8) must be 01–31, or 41–71 for women.',
  },
  NIK_BIRTH_MONTH_INVALID: {
    id: 'Bulan lahir pada NIK (angka ke-9 dan ke-10) harus 01–12.',
    en: 'The birth month in the NIK (digits 9–10) must be 01–12.',
  },
  NIK_SERIAL_INVALID: {
    id: 'Nomor urut pada NIK (4 angka terakhir) tidak boleh 0000.',
    en: 'The serial number in the NIK (last 4 digits) cannot be 0000.',
  },
  NIK_BIRTH_DATE_IMPLAUSIBLE: {
    id: 'Tanggal lahir pada NIK tidak ada di kalender. NIK tetap diterima; periksa kembali bila perlu.',
    en: 'The birth date in the NIK is not a real date. The NIK is accepted; check it if needed.',
  },
});

export type ParsedNik = {
  nik: string;
  districtCode: string;
  birthDay: number;
  birthMonth: number;
  birthYearTwoDigits: number;
  isFemale: boolean;
};

export type NikCheck = { errors: FieldError[]; warnings: FieldError[]; parsed?: ParsedNik };

/**
 * Checks a NIK's structure: PP KK CC DD MM YY SSSS. The region must be a known district; a date
 * that does not exist is only a warning, since a NIK is permanent even when it is wrong.
 */
export function checkNik(
  raw: string,
  isKnownDistrict: (districtCode: string) => boolean,
  field = 'nik',
): NikCheck {
  const nik = raw.replace(/[\s.-]/g, '');
  if (!/^\d{16}$/.test(nik)) return { errors: [{ field, code: NikCodes.NIK_FORMAT }], warnings: [] };
  const districtCode = `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`;
  const encodedDay = Number(nik.slice(6, 8));
  const birthMonth = Number(nik.slice(8, 10));
  const birthYearTwoDigits = Number(nik.slice(10, 12));
  const errors: FieldError[] = [];
  if (!isKnownDistrict(districtCode)) errors.push({ field, code: NikCodes.NIK_REGION_UNKNOWN });
  const isFemale = encodedDay >= 41;
  const dayValid = (encodedDay >= 1 && encodedDay <= 31) || (encodedDay >= 41 && encodedDay <= 71);
  if (!dayValid) errors.push({ field, code: NikCodes.NIK_BIRTH_DAY_INVALID });
  if (birthMonth < 1 || birthMonth > 12) errors.push({ field, code: NikCodes.NIK_BIRTH_MONTH_INVALID });
  if (nik.slice(12) === '0000') errors.push({ field, code: NikCodes.NIK_SERIAL_INVALID });
  if (errors.length > 0) return { errors, warnings: [] };

  const birthDay = isFemale ? encodedDay - 40 : encodedDay;
  const warnings: FieldError[] = [];
  if (!isRealDate(birthYearTwoDigits, birthMonth, birthDay)) {
    warnings.push({ field, code: NikCodes.NIK_BIRTH_DATE_IMPLAUSIBLE });
  }
  return {
    errors,
    warnings,
    parsed: { nik, districtCode, birthDay, birthMonth, birthYearTwoDigits, isFemale },
  };
}

/** The century is unknown, so 29 February is accepted when either century makes it a leap year. */
function isRealDate(twoDigitYear: number, month: number, day: number): boolean {
  const daysInMonth = (year: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= Math.max(daysInMonth(1900 + twoDigitYear), daysInMonth(2000 + twoDigitYear));
}

export function nikDistrictCode(raw: string): string | undefined {
  const nik = raw.replace(/[\s.-]/g, '');
  return /^\d{16}$/.test(nik) ? `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}` : undefined;
}

export function normaliseNik(raw: string): string {
  return raw.replace(/[\s.-]/g, '');
}

/** 35**********0001: enough for its owner to recognise, nothing more. */
export function maskNik(nik: string): string {
  return `${nik.slice(0, 2)}${'*'.repeat(10)}${nik.slice(12)}`;
}

/** 0812*****890: at most the first four and last three digits; at least three always hidden. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const shown = Math.max(digits.length - 3, 0);
  const tail = Math.min(3, Math.floor(shown / 2));
  const head = Math.min(4, shown - tail);
  return `${digits.slice(0, head)}${'*'.repeat(digits.length - head - tail)}${digits.slice(digits.length - tail)}`;
}
