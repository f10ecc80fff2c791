// Deliberately loose: one @, a dot in the domain, no spaces. Deliverability is not our call.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

/** An email trimmed and lower-cased, or null when it is not shaped like one. */
export function normalizeEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const email = input.trim().replace(/^mailto:/i, '').replace(/^<(.*)>$/, '$1').trim().toLowerCase();
  // 254 is the longest address SMTP allows; longer is garbage, and would not fit an index.
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}
