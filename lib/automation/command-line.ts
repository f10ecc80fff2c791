import { ApiError } from '@/lib/api/errors';

/** A command as written on a line or a command line: its name and its parameters, as text. */
export interface CommandLine {
  command: string;
  params: Record<string, string>;
}

/** A command of a plain-text script, with its 1-based line number. */
export interface ScriptLine extends CommandLine {
  line: number;
}

const KEY = /^[A-Za-z_][\w.-]*$/;

/**
 * A plain-text script: one command per line (`fulfill_order orderId=1`), `#` comments and
 * blank lines skipped. A line that cannot be read fails the whole script (400) before anything
 * runs, as a body that is not JSON would.
 */
export function parseScript(text: string): ScriptLine[] {
  return text.split(/\r?\n/).flatMap((source, index) => {
    try {
      const parsed = parseCommandLine(source);
      return parsed ? [{ line: index + 1, ...parsed }] : [];
    } catch (error) {
      throw error instanceof ApiError ? new ApiError('bad_request', `line ${index + 1}: ${error.message}`) : error;
    }
  });
}

/**
 * One line: `name key=value key="value with spaces" key='…'`, or null when it holds only
 * blanks or a comment. Inside double quotes `\"` and `\\` stand for themselves.
 */
export function parseCommandLine(source: string): CommandLine | null {
  const [command, ...pairs] = words(source);
  if (command === undefined) return null;
  if (command.includes('=')) throw new ApiError('bad_request', `start with a command name, not "${command}"`);
  return { command, params: paramsFromPairs(pairs) };
}

/** `key=value` words (a line's, or a shell's arguments) as parameters; the first `=` splits. */
export function paramsFromPairs(pairs: readonly string[]): Record<string, string> {
  const params = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at < 0 ? pair : pair.slice(0, at);
    if (at < 0 || !KEY.test(key)) throw new ApiError('bad_request', `expected key=value, got "${pair}"`);
    if (params.has(key)) throw new ApiError('bad_request', `${key} is given twice`);
    params.set(key, pair.slice(at + 1));
  }
  return Object.fromEntries(params);
}

/** Splits a line into words as a shell would: blanks separate, quotes group, `#` starts a comment. */
function words(source: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < source.length) {
    if (/\s/.test(source[i]!)) {
      i += 1;
      continue;
    }
    if (source[i] === '#') break;
    let word = '';
    while (i < source.length && !/\s/.test(source[i]!)) {
      const quote = source[i]!;
      if (quote !== '"' && quote !== "'") {
        word += quote;
        i += 1;
        continue;
      }
      i += 1;
      while (i < source.length && source[i] !== quote) {
        if (quote === '"' && source[i] === '\\' && (source[i + 1] === '"' || source[i + 1] === '\\')) i += 1;
        word += source[i];
        i += 1;
      }
      if (i >= source.length) throw new ApiError('bad_request', `unterminated ${quote} quote`);
      i += 1;
    }
    found.push(word);
  }
  return found;
}
