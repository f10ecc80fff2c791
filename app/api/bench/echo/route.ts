import { env } from '@/lib/env';

// The framework's ceiling for `npm run bench`: the same build, server, proxy and HTTP path as
// /api/ingest, minus our own work (credentials, intake, the database), so the bench can say
// how much of a request's time is ours. It answers only when the server was started with
// LEADOPS_BENCH_ROUTES=1, which the bench alone sets; anywhere else it is a 404 like any
// unknown path.
export async function POST(req: Request): Promise<Response> {
  if (!env.LEADOPS_BENCH_ROUTES) return new Response(null, { status: 404 });
  const body: unknown = await req.json();
  return Response.json({ ok: true, items: Array.isArray(body) ? body.length : 1 }, { status: 201 });
}
