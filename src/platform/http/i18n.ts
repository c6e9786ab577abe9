export type Language = 'id' | 'en';

/** Picks Indonesian or English from an Accept-Language header; Indonesian is the default. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'id';
  let best: { language: Language; quality: number } = { language: 'id', quality: -1 };
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...parameters] = part.trim().toLowerCase().split(';');
    const qualityParameter = parameters.find((parameter) => parameter.trim().startsWith('q='));
    const quality = qualityParameter ? Number(qualityParameter.trim().slice(2)) : 1;
    // q=0 means "not acceptable" (RFC 9110), not "least preferred".
    if (!Number.isFinite(quality) || quality <= 0) continue;
    const language = tag.startsWith('en')
      ? 'en'
      : tag.startsWith('id') || tag.startsWith('in')
        ? 'id'
        : undefined;
    if (language && quality > best.quality) best = { language, quality };
  }
  return best.language;
}

export type Message = { id: string; en: string };
