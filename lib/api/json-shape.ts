/** JSON deeper than this is refused: no lead, event or setting is nested anywhere near it. */
export const MAX_JSON_DEPTH = 32;
/** Object keys and array elements in one body, all levels together. */
export const MAX_JSON_NODES = 20_000;

/**
 * Why a parsed body is too deep or too wide to handle, or null. Walked with a stack of its own:
 * JSON.parse takes any depth, but JSON.stringify and every recursive walk after it would
 * overflow the call stack on a body only 1 MiB long.
 */
export function shapeProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_JSON_DEPTH) return `JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
    const children = Array.isArray(node) ? node : Object.values(node);
    nodes += children.length;
    if (nodes > MAX_JSON_NODES) return `JSON with more than ${MAX_JSON_NODES} keys and items`;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return null;
}
