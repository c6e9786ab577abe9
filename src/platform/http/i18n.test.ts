import { describe, expect, it } from 'vitest';
import { pickLanguage } from './i18n.ts';

describe('pickLanguage', () => {
  it('answers in Indonesian when the browser asks for Indonesian', () => {
    expect(pickLanguage('id')).toBe('id');
    expect(pickLanguage('id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('id');
  });

  it('treats the legacy tag "in" as Indonesian', () => {
    expect(pickLanguage('in-ID, en;q=0.5')).toBe('id');
  });

  it('answers in English for an English browser', () => {
    expect(pickLanguage('en-US,en;q=0.9')).toBe('en');
    expect(pickLanguage('EN-gb')).toBe('en');
  });

  it('follows the quality values, not the order', () => {
    expect(pickLanguage('id;q=0.5,en;q=0.8')).toBe('en');
    expect(pickLanguage('en;q=0.3, id;q=0.7')).toBe('id');
  });

  it('prefers the first of two equally wanted languages', () => {
    expect(pickLanguage('en, id')).toBe('en');
    expect(pickLanguage('id, en')).toBe('id');
  });

  it('falls back to Indonesian for a wildcard, other languages, garbage or no header', () => {
    expect(pickLanguage('*')).toBe('id');
    expect(pickLanguage('fr-FR,de;q=0.8')).toBe('id');
    expect(pickLanguage(';;,,q=,en;q=abc')).toBe('id');
    expect(pickLanguage('')).toBe('id');
    expect(pickLanguage(undefined)).toBe('id');
  });

  it('never picks a language the browser marks as not acceptable (q=0)', () => {
    expect(pickLanguage('en;q=0')).toBe('id');
    expect(pickLanguage('fr, en;q=0')).toBe('id');
    expect(pickLanguage('id;q=0, en;q=0.1')).toBe('en');
  });
});
