import 'server-only';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { jsonOf } from '@/lib/api/route';
import type { Viewer } from '@/lib/auth/viewer';
import { decodeBody, readBodyLimited } from '@/lib/intake/read-body';
import { commandAnswer, scriptAnswer, type Answer, type AnswerOptions } from './answers';
import { parseScript } from './command-line';
import { acceptedCommands } from './resolve-command';
import { runCommands } from './run-commands';

/** A script of a few thousand lines fits; more is a job for several requests. */
export const MAX_COMMAND_BODY_BYTES = 256 * 1024;
/** Each answered line repeats what failed: a bound on the answer as much as on the work. */
export const MAX_SCRIPT_COMMANDS = 1000;

const flag = z.enum(['true', 'false']).optional().transform((value) => value === 'true');

const flagsSchema = z.object({ dry_run: flag, continue_on_error: flag });

const jsonCommandSchema = z.strictObject({
  command: z.string().trim().min(1).max(100),
  params: z.record(z.string(), z.unknown()).optional(),
});

/**
 * POST /api/automation/execute, after authentication: reads the body (one JSON command, or a
 * text/plain script of one command per line), runs it as the viewer and answers in the command
 * API's shape, whatever failed.
 */
export async function executeRequest(req: Request, sql: Sql, viewer: Viewer, options: Omit<AnswerOptions, 'dryRun'>): Promise<Answer> {
  let dryRun = false;
  try {
    const flags = flagsOf(req);
    dryRun = flags.dry_run;
    const run = { dryRun, continueOnError: flags.continue_on_error };
    const { type, text } = await bodyOf(req);
    if (type === 'script') {
      const lines = parseScript(text);
      if (lines.length === 0) throw new ApiError('bad_request', `the script holds no command; ${acceptedCommands()}`);
      if (lines.length > MAX_SCRIPT_COMMANDS) throw new ApiError('payload_too_large', `a script holds at most ${MAX_SCRIPT_COMMANDS} commands; send the rest in another request`);
      return scriptAnswer(lines, await runCommands(sql, viewer, lines, run), { ...options, dryRun });
    }
    const [outcome] = await runCommands(sql, viewer, [jsonCommand(text)], run);
    return commandAnswer(outcome!, { ...options, dryRun });
  } catch (error) {
    return commandAnswer({ ok: false, error }, { ...options, dryRun });
  }
}

/** `dry_run` and `continue_on_error`, from the query or their `X-Dry-Run` / `X-Continue-On-Error` headers. */
function flagsOf(req: Request) {
  const query = new URL(req.url).searchParams;
  const read = (name: string, header: string) => query.get(name) ?? req.headers.get(header)?.trim().toLowerCase() ?? undefined;
  const parsed = flagsSchema.safeParse({ dry_run: read('dry_run', 'x-dry-run'), continue_on_error: read('continue_on_error', 'x-continue-on-error') });
  if (!parsed.success) throw new ApiError('bad_request', 'dry_run and continue_on_error take true or false');
  return parsed.data;
}

async function bodyOf(req: Request): Promise<{ type: 'json' | 'script'; text: string }> {
  const contentType = req.headers.get('content-type') ?? '';
  const type = /^text\/plain\b/i.test(contentType) ? 'script' : /^application\/([\w.+-]+\+)?json\b/i.test(contentType) ? 'json' : null;
  if (!type) throw new ApiError('bad_request', 'send one command as application/json, or commands one per line as text/plain');
  if (Number(req.headers.get('content-length') ?? 0) > MAX_COMMAND_BODY_BYTES) throw tooLarge();
  const bytes = await readBodyLimited(req.body, MAX_COMMAND_BODY_BYTES);
  if (bytes === null) throw tooLarge();
  const text = decodeBody(bytes);
  if (text.includes('\u0000')) throw nul();
  return { type, text };
}

// PostgreSQL text cannot hold U+0000: the client's error, said here rather than as a 500.
function nul(): ApiError {
  return new ApiError('bad_request', 'text may not contain NUL (\\u0000) characters');
}

function tooLarge(): ApiError {
  return new ApiError('payload_too_large', `body exceeds ${MAX_COMMAND_BODY_BYTES / 1024} KiB`);
}

function jsonCommand(text: string): { command: string; params: unknown } {
  const parsed = jsonCommandSchema.safeParse(jsonOf(text));
  if (!parsed.success) throw new ApiError('bad_request', `send {"command":"…","params":{…}}; ${acceptedCommands()}`);
  return { command: parsed.data.command, params: parsed.data.params ?? {} };
}
