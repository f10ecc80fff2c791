/**
 * The text of each item of a JSON array, exactly as written (whitespace around an item
 * trimmed), so that a batch item is stored raw as the sender wrote it: numbers past double
 * precision, duplicate keys and key order survive, which JSON.parse + JSON.stringify would lose.
 * `text` must be valid JSON whose top level is an array (JSON.parse has said so); one pass.
 */
export function jsonArrayItemTexts(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let inString = false;
  let start = text.indexOf('[') + 1;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '[' || char === '{') {
      depth += 1;
    } else if (char === ']' || char === '}') {
      if (depth === 0) {
        const last = text.slice(start, i).trim();
        if (last !== '') items.push(last);
        break;
      }
      depth -= 1;
    } else if (char === ',' && depth === 0) {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return items;
}
