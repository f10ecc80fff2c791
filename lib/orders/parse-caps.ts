/**
 * Per-state caps typed as "CA=5, NY: 3" (or one per line) → {"CA":5,"NY":3}. A state with an
 * empty value ("TX=") maps to null: remove its cap.
 */
export function parseCaps(text: string): { ok: true; caps: Record<string, number | null> } | { ok: false; error: string } {
  const caps: Record<string, number | null> = {};
  for (const part of text.split(/[\n,;]+/).map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z]{2})\s*[=:]\s*(\d*)$/.exec(part);
    if (!match) return { ok: false, error: `Cannot read "${part}": write caps as CA=5, one state each.` };
    caps[match[1]!.toUpperCase()] = match[2] === '' ? null : Number(match[2]);
  }
  return { ok: true, caps };
}
