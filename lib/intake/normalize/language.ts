const NAMES: Record<string, string> = {
  english: 'en', ingles: 'en', inglés: 'en', spanish: 'es', espanol: 'es', español: 'es',
  french: 'fr', francais: 'fr', français: 'fr', portuguese: 'pt', português: 'pt', russian: 'ru',
  chinese: 'zh', mandarin: 'zh', vietnamese: 'vi', korean: 'ko', tagalog: 'tl', arabic: 'ar',
  german: 'de', italian: 'it', polish: 'pl', ukrainian: 'uk', hindi: 'hi', japanese: 'ja',
};

/** An ISO 639-1 code from "en", "EN-us", "es_MX" or "Spanish", or null. */
export function normalizeLanguage(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const text = input.trim().toLowerCase();
  const code = /^([a-z]{2})(?:[-_][a-z0-9]+)?$/.exec(text);
  if (code) return code[1]!;
  return Object.hasOwn(NAMES, text) ? NAMES[text]! : null;
}

const COUNTRIES: Record<string, string> = {
  usa: 'US', us: 'US', unitedstates: 'US', unitedstatesofamerica: 'US', america: 'US',
  canada: 'CA', mexico: 'MX', méxico: 'MX', unitedkingdom: 'GB', uk: 'GB', greatbritain: 'GB',
};

/** An ISO 3166-1 alpha-2 code from a code or a common name; other text is kept as sent. */
export function normalizeCountry(input: unknown): string | null {
  if (typeof input !== 'string' || !input.trim()) return null;
  const text = input.trim();
  const squashed = text.toLowerCase().replace(/[\s.]/g, '');
  // hasOwn: 'constructor' or '__proto__' is a name sent, not a property of every object.
  if (Object.hasOwn(COUNTRIES, squashed)) return COUNTRIES[squashed]!;
  return /^[a-z]{2}$/i.test(text) ? text.toUpperCase() : text;
}
