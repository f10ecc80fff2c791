// npm run ops -- [--json] [--dry-run] [--as <member email>] <command> [key=value …]
//   Runs one automation command on the database from the env (DATABASE_URL, else the embedded
//   database of `npm run dev`), as the local admin or the member named by --as.
// npm run ops -- --url http://localhost:3000 [--key lok_…] [--json] [--dry-run] <command> [key=value …]
//   Sends it to a running app's POST /api/automation/execute (no key: the local admin, local mode).
// Exit codes: 0 ok, 1 the command failed, 2 usage, 3 the server or database could not be reached.
import { parseArgs } from 'node:util';
import type { Sql } from 'postgres';
import { ApiError } from '../lib/api/errors';
import { LOCAL_ADMIN, viewerSchema, type Viewer } from '../lib/auth/viewer';
import { commandAnswer, type Answer } from '../lib/automation/answers';
import { paramsFromPairs } from '../lib/automation/command-line';
import { acceptedCommands, findCommand } from '../lib/automation/resolve-command';
import { runCommands } from '../lib/automation/run-commands';
import { pgClient } from '../lib/db/connection';
import { parseEnv } from '../lib/env/schema';
import { embeddedUrl } from './lib/embedded-postgres';
import { loadProjectEnv } from './lib/load-env';

const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3 } as const;

const USAGE = `usage: npm run ops -- [--url <app url> [--key <api key>]] [--as <member email>] [--json] [--dry-run] <command> [key=value …]
  e.g. npm run ops -- create_order customer_name="John Doe" requested_states=CA,NY
${acceptedCommands()}`;

/** The command line was wrong: said with the usage, exit 2. */
class UsageError extends Error {}
/** No answer came back at all: exit 3. */
class UnreachableError extends Error {}

interface Invocation {
  command: string;
  params: Record<string, string>;
  url?: string;
  key?: string;
  as?: string;
  json: boolean;
  dryRun: boolean;
}

function invocationFrom(argv: string[]): Invocation | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        as: { type: 'string' },
        json: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...pairs] = positionals;
  if (!command) throw new UsageError('name a command');
  if (values.key !== undefined && values.url === undefined) throw new UsageError('--key goes with --url');
  if (values.as !== undefined && values.url !== undefined) throw new UsageError('--as is for the database; over HTTP the key says who acts');
  try {
    findCommand(command);
    return { command, params: paramsFromPairs(pairs), url: values.url, key: values.key, as: values.as, json: values.json, dryRun: values['dry-run'] };
  } catch (error) {
    throw error instanceof ApiError ? new UsageError(error.message) : error;
  }
}

/** Straight to the database, in one transaction as the member, like the endpoint runs it. */
async function runDirect(invocation: Invocation): Promise<Answer> {
  loadProjectEnv(true);
  const env = parseEnv(process.env);
  const sql = pgClient(env.DATABASE_URL ?? embeddedUrl(env.EMBEDDED_DB_PORT), { max: 1, connect_timeout: 5 });
  const options = {
    dryRun: invocation.dryRun,
    onUnexpected: (error: unknown) => {
      console.error(`[ops] ${error instanceof Error ? error.message : String(error)}`);
      if (!env.DATABASE_URL) console.error(`[ops] no DATABASE_URL: is the embedded database up (npm run dev) on port ${env.EMBEDDED_DB_PORT}?`);
    },
  };
  try {
    const viewer = invocation.as ? await memberViewer(sql, invocation.as) : LOCAL_ADMIN;
    const [outcome] = await runCommands(sql, viewer, [invocation], { dryRun: invocation.dryRun });
    return commandAnswer(outcome!, options);
  } catch (error) {
    return commandAnswer({ ok: false, error }, options);
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** The active member with this email, read as the connection's own user, as the SQL console would. */
async function memberViewer(sql: Sql, email: string): Promise<Viewer> {
  const [member] = await sql<{ user_id: string; email: string; role: string; caller_id: string | null }[]>`
    select user_id, email, role, caller_id from public.members where email = lower(${email}) and active`;
  if (!member) throw new ApiError('not_found', `no active member ${email}`);
  return viewerSchema.parse({ userId: member.user_id, email: member.email, role: member.role, callerId: member.caller_id });
}

/** Through a running app's endpoint, as any script would call it. */
async function runOverHttp(invocation: Invocation & { url: string }): Promise<Answer> {
  let endpoint: URL;
  try {
    endpoint = new URL('/api/automation/execute', invocation.url);
  } catch {
    throw new UsageError(`--url ${invocation.url} is not a URL`);
  }
  if (invocation.dryRun) endpoint.searchParams.set('dry_run', 'true');
  let response: Response;
  let text: string;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(invocation.key ? { Authorization: `Bearer ${invocation.key}` } : {}) },
      body: JSON.stringify({ command: invocation.command, params: invocation.params }),
      signal: AbortSignal.timeout(120_000),
    });
    // Inside the try: the connection can break, or the time run out, while the answer is read.
    text = await response.text();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new UnreachableError(`cannot reach ${endpoint.origin}: ${cause}`);
  }
  try {
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    throw new UnreachableError(`${endpoint.href} answered ${response.status} with no command API response: is --url a LeadOps app?`);
  }
}

/** One readable line: the result, or the error (both the command API's and the API's own shapes). */
function describe(command: string, answer: Answer): string {
  const dryRun = answer.body.dry_run ? ' (dry run: rolled back)' : '';
  if (answer.body.ok === true) return `ok ${command}${dryRun}: ${JSON.stringify(answer.body.result)}`;
  const error = answer.body.error as { code?: string; message?: string } | string | undefined;
  const code = typeof error === 'string' ? error : error?.code;
  const message = typeof error === 'string' ? answer.body.message : error?.message;
  return `error ${command}${dryRun}: ${answer.status} ${code ?? 'unknown'}${message && message !== code ? `: ${String(message)}` : ''}`;
}

async function main(argv: string[]): Promise<number> {
  let invocation: Invocation | 'help';
  try {
    invocation = invocationFrom(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`[ops] ${error.message}\n${USAGE}`);
    return EXIT.usage;
  }
  if (invocation === 'help') {
    console.log(USAGE);
    return EXIT.ok;
  }
  let answer: Answer;
  try {
    answer = invocation.url ? await runOverHttp({ ...invocation, url: invocation.url }) : await runDirect(invocation);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`[ops] ${error.message}\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof UnreachableError) {
      console.error(`[ops] ${error.message}`);
      return EXIT.unreachable;
    }
    throw error;
  }
  if (invocation.json) console.log(JSON.stringify(answer.body, null, 2));
  else (answer.status === 200 ? console.log : console.error)(describe(invocation.command, answer));
  if (answer.status === 200) return EXIT.ok;
  return answer.status === 503 ? EXIT.unreachable : EXIT.failed;
}

// Said outright: embedded-postgres's exit hook would otherwise end the process with 0.
process.exit(await main(process.argv.slice(2)));
