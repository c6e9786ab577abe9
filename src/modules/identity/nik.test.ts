import { describe, expect, it } from 'vitest';
import { checkNik, maskNik, maskPhone } from './nik.ts';

/** Karang Pilang (Surabaya) and Kota Bandung's Sukasari stand in for the Kemendagri table. */
const KNOWN_DISTRICTS = new Set(['35.78.01', '32.73.01']);
const isKnownDistrict = (code: string) => KNOWN_DISTRICTS.has(code);

/** 35.78.01, then DD MM YY and a serial. */
function nik(day: string, month: string, year: string, serial = '0001'): string {
  return `357801${day}${month}${year}${serial}`;
}

function errorCodes(raw: string): string[] {
  return checkNik(raw, isKnownDistrict).errors.map((error) => error.code);
}

function warningCodes(raw: string): string[] {
  return checkNik(raw, isKnownDistrict).warnings.map((warning) => warning.code);
}

describe('checkNik', () => {
  it('accepts a well-formed NIK and reads the district, birth date and sex from it', () => {
    const result = checkNik('3578011205900001', isKnownDistrict);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.parsed).toEqual({
      nik: '3578011205900001',
      districtCode: '35.78.01',
      birthDay: 12,
      birthMonth: 5,
      birthYearTwoDigits: 90,
      isFemale: false,
    });
  });

  it('reads a woman’s birth day by subtracting 40', () => {
    const result = checkNik(nik('52', '05', '90'), isKnownDistrict);
    expect(result.errors).toEqual([]);
    expect(result.parsed).toMatchObject({ birthDay: 12, isFemale: true });
  });

  it('accepts a NIK typed with spaces, dots or dashes, and returns it as 16 digits', () => {
    for (const typed of [
      '3578 0112 0590 0001',
      '35.78.01.120590.0001',
      '357801-120590-0001',
      ' 3578011205900001 ',
    ]) {
      const result = checkNik(typed, isKnownDistrict);
      expect(result.errors, typed).toEqual([]);
      expect(result.parsed?.nik, typed).toBe('3578011205900001');
    }
  });

  it('refuses anything but exactly 16 digits, with only the format error', () => {
    for (const raw of ['357801120590001', '35780112059000011', '357801120590000A', '', 'abcdefghijklmnop']) {
      const result = checkNik(raw, isKnownDistrict);
      expect(result.errors, raw).toEqual([{ field: 'nik', code: 'NIK_FORMAT' }]);
      expect(result.parsed, raw).toBeUndefined();
    }
  });

  it('refuses a region code that is not a known district and asks the predicate with the dotted code', () => {
    const asked: string[] = [];
    const result = checkNik('9912011205900001', (code) => {
      asked.push(code);
      return KNOWN_DISTRICTS.has(code);
    });
    expect(asked).toEqual(['99.12.01']);
    expect(result.errors.map((error) => error.code)).toEqual(['NIK_REGION_UNKNOWN']);
    expect(result.parsed).toBeUndefined();
  });

  it('accepts birth days 01–31 for men and 41–71 for women', () => {
    for (const day of ['01', '31', '41', '71']) expect(errorCodes(nik(day, '01', '90')), day).toEqual([]);
  });

  it('refuses birth days 00, 32–40 and above 71', () => {
    for (const day of ['00', '32', '40', '72', '99']) {
      expect(errorCodes(nik(day, '01', '90')), day).toEqual(['NIK_BIRTH_DAY_INVALID']);
    }
  });

  it('refuses a birth month outside 01–12', () => {
    expect(errorCodes(nik('12', '01', '90'))).toEqual([]);
    expect(errorCodes(nik('12', '12', '90'))).toEqual([]);
    expect(errorCodes(nik('12', '00', '90'))).toEqual(['NIK_BIRTH_MONTH_INVALID']);
    expect(errorCodes(nik('12', '13', '90'))).toEqual(['NIK_BIRTH_MONTH_INVALID']);
  });

  it('refuses serial number 0000 and accepts 0001 and 9999', () => {
    expect(errorCodes(nik('12', '05', '90', '0000'))).toEqual(['NIK_SERIAL_INVALID']);
    expect(errorCodes(nik('12', '05', '90', '0001'))).toEqual([]);
    expect(errorCodes(nik('12', '05', '90', '9999'))).toEqual([]);
  });

  it('lists every structural problem at once, on the field it was given', () => {
    const result = checkNik('9912003200000000', isKnownDistrict, 'officer.nik');
    expect(result.errors).toEqual([
      { field: 'officer.nik', code: 'NIK_REGION_UNKNOWN' },
      { field: 'officer.nik', code: 'NIK_BIRTH_DAY_INVALID' },
      { field: 'officer.nik', code: 'NIK_BIRTH_MONTH_INVALID' },
      { field: 'officer.nik', code: 'NIK_SERIAL_INVALID' },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('accepts a date that is not in the calendar, with a warning only', () => {
    for (const [day, month] of [
      ['31', '04'],
      ['30', '02'],
      ['71', '06'],
    ] as const) {
      const result = checkNik(nik(day, month, '90'), isKnownDistrict);
      expect(result.errors, `${day}-${month}`).toEqual([]);
      expect(result.warnings, `${day}-${month}`).toEqual([
        { field: 'nik', code: 'NIK_BIRTH_DATE_IMPLAUSIBLE' },
      ]);
      expect(result.parsed, `${day}-${month}`).toBeDefined();
    }
  });

  it('accepts 29 February without a warning when 19YY or 20YY is a leap year', () => {
    // 00: 1900 is not a leap year but 2000 is; 04 and 96: both centuries agree.
    for (const year of ['00', '04', '96']) {
      expect(warningCodes(nik('29', '02', year)), year).toEqual([]);
      expect(warningCodes(nik('69', '02', year)), `woman ${year}`).toEqual([]);
    }
  });

  it('warns about 29 February when neither 19YY nor 20YY is a leap year', () => {
    for (const year of ['01', '90', '99']) {
      expect(errorCodes(nik('29', '02', year)), year).toEqual([]);
      expect(warningCodes(nik('29', '02', year)), year).toEqual(['NIK_BIRTH_DATE_IMPLAUSIBLE']);
      expect(warningCodes(nik('69', '02', year)), `woman ${year}`).toEqual(['NIK_BIRTH_DATE_IMPLAUSIBLE']);
    }
    expect(warningCodes(nik('28', '02', '01'))).toEqual([]);
  });
});

describe('maskNik', () => {
  it('shows the province and the serial number only', () => {
    expect(maskNik('3578011205900001')).toBe('35**********0001');
    expect(maskNik('3273014506950123')).toBe('32**********0123');
  });
});

describe('maskPhone', () => {
  it('shows the first four and last three digits of a mobile number, whatever its punctuation', () => {
    expect(maskPhone('081234567890')).toBe('0812*****890');
    expect(maskPhone('0812-3456-7890')).toBe('0812*****890');
    expect(maskPhone('+62 812 3456 7890')).toBe('6281******890');
  });

  it('keeps at least three digits hidden however short the number, and keeps its length', () => {
    expect(maskPhone('081234567')).toBe('081***567');
    expect(maskPhone('(021) 1234')).toBe('02***34');
    for (let length = 1; length <= 15; length += 1) {
      const digits = '1234567890123456'.slice(0, length);
      const masked = maskPhone(digits);
      expect(masked, digits).toHaveLength(length);
      expect(masked.replace(/\*/g, '').length, digits).toBeLessThanOrEqual(Math.max(length - 3, 0));
    }
  });
});
