/**
 * A phone number as E.164, or null when it cannot be one. US/NANP numbers may come in any
 * common shape; others need a leading `+` (or the `00` international prefix).
 */
export function normalizePhone(input: unknown): string | null {
  if (typeof input === 'number') input = Number.isSafeInteger(input) ? String(input) : '';
  if (typeof input !== 'string') return null;
  let text = input.trim().replace(/^tel:/i, '');
  // Sheets turns long numbers into 5.55E+09: the digits are gone, so refuse rather than guess.
  if (/e\+?\d+$/i.test(text)) return null;
  // Drop an extension: "555-123-4567 ext. 12", "x12", "#12". No leading \s* in the pattern: tried
  // at every position of a long run of spaces, it took time quadratic in the run's length.
  text = text.replace(/(?:ext\.?|extension|x|#)\s*\d{1,6}\s*$/i, '');
  if (/[a-wyz]/i.test(text)) return null;
  // "+44 (0) 20 7946 0958": the (0) is the national trunk prefix, not dialled from abroad.
  text = text.replace(/\(0\)/g, '');
  const international = /^\s*(\+|00)/.test(text);
  let digits = text.replace(/\D/g, '');
  if (international) {
    if (text.trim().startsWith('00')) digits = digits.slice(2);
    if (digits.startsWith('1')) return nanp(digits.slice(1));
    return /^[2-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
  }
  if (digits.length === 11 && digits.startsWith('1')) return nanp(digits.slice(1));
  if (digits.length === 10) return nanp(digits);
  return null;
}

// NANP: area code and exchange both start with 2-9.
function nanp(ten: string): string | null {
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(ten) ? `+1${ten}` : null;
}
