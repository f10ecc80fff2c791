import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for Supabase Auth (GoTrue) with only the endpoints the app calls, so e2e runs can
// point NEXT_PUBLIC_SUPABASE_URL here and go through the real @supabase/ssr / supabase-js code.
// Wire formats follow @supabase/auth-js 2.119 (GoTrueClient, GoTrueAdminApi, lib/fetch.js).

export interface AuthDoubleUser { id: string; email: string; password: string }
export interface AuthDouble {
  url: string;
  serviceRoleKey: string;
  anonKey: string;
  /** Not passed to onUserCreated: the test that adds a user sets up its own rows. */
  addUser(user: { email: string; password: string; id?: string }): AuthDoubleUser;
  /** The newest magic-link or invite token sent to that address. */
  lastMagicLink(email: string): { tokenHash: string } | undefined;
  setAccessTokenSeconds(seconds: number): void;
  /** How many refresh_token grants were served (a test checks the app refreshed). */
  refreshCount(): number;
  unhandled: string[];
  close(): Promise<void>;
}

interface UserRecord extends AuthDoubleUser {
  metadata: Record<string, unknown>;
  createdAt: string;
  confirmedAt?: string;
  invitedAt?: string;
  lastSignInAt?: string;
}
interface Session { id: string; userId: string; amr: { method: string; timestamp: number }; refreshToken: string; active: boolean }
type LinkKind = 'magiclink' | 'invite';

// GoTrue accepts a rotated-out refresh token again for 10 s, because concurrent SSR requests
// race to refresh; a later reuse counts as token theft and ends the session.
const REFRESH_REUSE_MS = 10_000;

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}
function fail(status: number, code: string, message: string): never {
  throw new ApiError(status, code, message);
}

const randomKey = () => crypto.randomBytes(32).toString('base64url'); // 43 chars
const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);
const isoNow = () => new Date().toISOString();

export async function startAuthDouble(options: {
  accessTokenSeconds?: number;
  onUserCreated?: (user: AuthDoubleUser) => Promise<void> | void;
} = {}): Promise<AuthDouble> {
  let accessTokenSeconds = options.accessTokenSeconds ?? 3600;
  let refreshes = 0;
  const serviceRoleKey = randomKey();
  const anonKey = randomKey();
  const unhandled: string[] = [];
  const users = new Map<string, UserRecord>(); // by lower-cased email
  const sessions = new Map<string, Session>();
  const refreshTokens = new Map<string, { session: Session; rotatedAt?: number }>();
  const links = new Map<string, { email: string; kind: LinkKind }>(); // by token hash
  const lastLink = new Map<string, string>(); // lower-cased email -> newest token hash

  // ES256, like a project on asymmetric signing keys: getClaims() then verifies locally
  // against the JWKS instead of asking /user.
  const kid = crypto.randomUUID();
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig', key_ops: ['verify'] };
  let url = '';

  const createUser = (email: string, password: string, id: string = crypto.randomUUID()): UserRecord => {
    const key = email.toLowerCase();
    if (users.has(key)) fail(422, 'email_exists', 'A user with this email address has already been registered');
    const user: UserRecord = { id, email: key, password, metadata: {}, createdAt: isoNow(), confirmedAt: isoNow() };
    users.set(key, user);
    return user;
  };
  const publicUser = ({ id, email, password }: UserRecord): AuthDoubleUser => ({ id, email, password });
  const userById = (id: string) => [...users.values()].find((u) => u.id === id);

  // The user object GoTrue returns from /user and /invite and inside sessions.
  const userJson = (u: UserRecord) => ({
    id: u.id, aud: 'authenticated', role: 'authenticated', email: u.email, phone: '',
    email_confirmed_at: u.confirmedAt, confirmed_at: u.confirmedAt, invited_at: u.invitedAt,
    last_sign_in_at: u.lastSignInAt, app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: u.metadata, identities: [], created_at: u.createdAt, updated_at: u.createdAt,
    is_anonymous: false,
  });

  const issueLink = (email: string, kind: LinkKind) => {
    // GoTrue keeps one pending token per user, so a new email voids the previous link.
    const previous = lastLink.get(email);
    if (previous) links.delete(previous);
    const tokenHash = crypto.randomBytes(28).toString('hex');
    links.set(tokenHash, { email, kind });
    lastLink.set(email, tokenHash);
  };

  // A sign-in and a refresh both answer with this. auth-js counts a session as expired
  // 90 s (EXPIRY_MARGIN_MS) before `expires_at`, so shorter lifetimes refresh on every read.
  const sessionJson = (session: Session) => {
    const user = userById(session.userId) ?? fail(403, 'user_not_found', 'User from sub claim in JWT does not exist');
    const iat = nowSeconds();
    const exp = iat + accessTokenSeconds;
    const claims = {
      iss: `${url}/auth/v1`, sub: user.id, aud: 'authenticated', exp, iat, email: user.email, phone: '',
      app_metadata: { provider: 'email', providers: ['email'] }, user_metadata: user.metadata,
      role: 'authenticated', aal: 'aal1', amr: [session.amr], session_id: session.id, is_anonymous: false,
    };
    const data = `${b64json({ alg: 'ES256', typ: 'JWT', kid })}.${b64json(claims)}`;
    const signature = crypto.sign('sha256', Buffer.from(data), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const access_token = `${data}.${signature.toString('base64url')}`;
    return { access_token, token_type: 'bearer', expires_in: accessTokenSeconds, expires_at: exp, refresh_token: session.refreshToken, user: userJson(user) };
  };

  const rotateRefreshToken = (session: Session) => {
    session.refreshToken = crypto.randomBytes(16).toString('base64url');
    refreshTokens.set(session.refreshToken, { session });
  };

  const signIn = (user: UserRecord, method: string) => {
    const amr = { method, timestamp: nowSeconds() };
    const session: Session = { id: crypto.randomUUID(), userId: user.id, amr, refreshToken: '', active: true };
    rotateRefreshToken(session);
    sessions.set(session.id, session);
    user.lastSignInAt = isoNow();
    return sessionJson(session);
  };

  const refresh = (token: string) => {
    const record = refreshTokens.get(token);
    if (!record?.session.active) fail(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    const { session, rotatedAt } = record;
    if (rotatedAt === undefined) {
      record.rotatedAt = Date.now();
      rotateRefreshToken(session);
    } else if (Date.now() - rotatedAt > REFRESH_REUSE_MS) {
      session.active = false;
      fail(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
    } // else a reuse inside the interval is answered with the session's current refresh token
    refreshes += 1;
    return sessionJson(session);
  };

  // As GoTrue's requireAuthentication: a good signature, not expired, and the session still live.
  const authenticate = (req: http.IncomingMessage) => {
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return fail(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
    const [header = '', payload = '', signature = ''] = token.split('.');
    const key = { key: publicKey, dsaEncoding: 'ieee-p1363' } as const;
    if (!crypto.verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))) {
      fail(403, 'bad_jwt', 'invalid JWT: unable to parse or verify signature');
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number; session_id: string };
    if (claims.exp <= nowSeconds()) fail(403, 'bad_jwt', 'invalid JWT: token has invalid claims: token is expired');
    const session = sessions.get(claims.session_id);
    const user = session?.active ? userById(session.userId) : undefined;
    // auth-js turns session_not_found into AuthSessionMissingError and drops its stored session.
    if (!session || !user) return fail(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    return { session, user };
  };

  type Answer = { status: number; json?: unknown } | undefined;
  const route = async (req: http.IncomingMessage, path: string, query: URLSearchParams, body: Record<string, unknown>): Promise<Answer> => {
    const email = typeof body.email === 'string' ? body.email.toLowerCase() : '';
    switch (`${req.method} ${path}`) {
      case 'GET /auth/v1/.well-known/jwks.json':
        return { status: 200, json: { keys: [publicJwk] } };
      case 'POST /auth/v1/token': {
        if (query.get('grant_type') === 'refresh_token') return { status: 200, json: refresh(String(body.refresh_token)) };
        if (query.get('grant_type') !== 'password') return undefined;
        const user = users.get(email);
        // Invited and magic-link users have no password until they set one.
        if (!user?.password || user.password !== body.password) fail(400, 'invalid_credentials', 'Invalid login credentials');
        return { status: 200, json: signIn(user, 'password') };
      }
      case 'GET /auth/v1/user':
        return { status: 200, json: userJson(authenticate(req).user) };
      case 'POST /auth/v1/logout': {
        const { session } = authenticate(req);
        const scope = query.get('scope') ?? 'global';
        for (const other of sessions.values()) {
          if (other.userId !== session.userId) continue;
          // global: all of the user's sessions; local: this one; others: all but this one.
          if (scope === 'global' || (scope === 'local') === (other === session)) other.active = false;
        }
        return { status: 204 };
      }
      case 'POST /auth/v1/otp': {
        if (!email) fail(400, 'validation_failed', 'An email address is required');
        if (!users.has(email)) {
          if (body.create_user === false) fail(422, 'otp_disabled', 'Signups not allowed for otp');
          await options.onUserCreated?.(publicUser(createUser(email, '')));
        }
        issueLink(email, 'magiclink');
        return { status: 200, json: {} };
      }
      case 'POST /auth/v1/verify': {
        const tokenHash = String(body.token_hash);
        const link = links.get(tokenHash);
        const types = link?.kind === 'invite' ? ['invite'] : ['email', 'magiclink', 'signup'];
        const user = link && users.get(link.email);
        if (!link || !user || !types.includes(String(body.type))) fail(403, 'otp_expired', 'Email link is invalid or has expired');
        links.delete(tokenHash); // one use only
        user.confirmedAt ??= isoNow();
        return { status: 200, json: signIn(user, link.kind === 'invite' ? 'invite' : 'otp') };
      }
      case 'POST /auth/v1/invite': {
        // GoTrue checks the bearer is a service_role JWT; here it is the key handed out at start.
        if (req.headers.authorization !== `Bearer ${serviceRoleKey}`) fail(403, 'not_admin', 'User not allowed');
        if (!email) fail(400, 'validation_failed', 'An email address is required');
        const user = createUser(email, '');
        Object.assign(user, { confirmedAt: undefined, invitedAt: isoNow(), metadata: body.data ?? {} });
        issueLink(email, 'invite');
        await options.onUserCreated?.(publicUser(user));
        return { status: 200, json: userJson(user) };
      }
    }
    return undefined;
  };

  const send = (res: http.ServerResponse, status: number, json?: unknown) => {
    res.writeHead(status, {
      'Content-Type': 'application/json',
      // With this header auth-js reads the error code from `code`, without it from `error_code`.
      'X-Supabase-Api-Version': '2024-01-01',
      // The browser client calls this origin directly, so it needs CORS like the real service.
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': 'authorization, apikey, content-type, x-client-info, x-supabase-api-version',
      'Access-Control-Expose-Headers': 'X-Supabase-Api-Version',
    });
    res.end(json === undefined ? undefined : JSON.stringify(json));
  };
  const sendError = (res: http.ServerResponse, e: ApiError) =>
    send(res, e.status, { code: e.code, error_code: e.code, msg: e.message });

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'OPTIONS') return send(res, 204);
    const { pathname, search, searchParams } = new URL(req.url ?? '/', 'http://localhost');
    let body: Record<string, unknown> = {};
    try {
      if (chunks.length) body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
    } catch {
      return sendError(res, new ApiError(400, 'bad_json', 'Could not parse request body as JSON'));
    }
    try {
      const answer = await route(req, pathname, searchParams, body);
      if (answer) return send(res, answer.status, answer.json);
      unhandled.push(`${req.method} ${pathname}${search}`);
      sendError(res, new ApiError(404, 'not_found', `The auth double has no answer for ${req.method} ${pathname}`));
    } catch (error) {
      // A 500 also tells auth-js the failure is retryable, as for a real outage (e.g. onUserCreated threw).
      sendError(res, error instanceof ApiError ? error : new ApiError(500, 'unexpected_failure', String(error)));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url, serviceRoleKey, anonKey, unhandled,
    addUser: ({ email, password, id }) => publicUser(createUser(email, password, id)),
    lastMagicLink: (email) => {
      const tokenHash = lastLink.get(email.toLowerCase());
      return tokenHash ? { tokenHash } : undefined;
    },
    setAccessTokenSeconds: (seconds) => { accessTokenSeconds = seconds; },
    refreshCount: () => refreshes,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections(); // fetch keeps connections alive; don't wait for them to time out
    }),
  };
}
