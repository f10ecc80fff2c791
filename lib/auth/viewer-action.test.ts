import { redirect } from 'next/navigation';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { LOCAL_ADMIN } from './viewer';
import { viewerAction } from './viewer-action';

const log = vi.hoisted(() => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() }));
vi.mock('@/lib/log/logger', () => ({ logger: { child: () => log } }));
const currentViewer = vi.hoisted(() => vi.fn());
vi.mock('./current-viewer', () => ({ currentViewer }));

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

const schema = z.object({ id: z.uuid(), states: z.array(z.string()).optional() });
const ID = '00000000-0000-4000-8000-0000000000bb';

beforeEach(() => {
  vi.clearAllMocks();
  currentViewer.mockResolvedValue(LOCAL_ADMIN);
});

describe('viewerAction', () => {
  it('hands fn the parsed form and the viewer, and answers what fn returns', async () => {
    const fn = vi.fn(async (input: z.output<typeof schema>) => ({ message: `saved ${input.id}` }));
    const action = viewerAction(schema, fn);
    expect(await action({}, form([['id', ID], ['states', 'CA'], ['states', 'NY'], ['$ACTION_ID_abc', '']]))).toEqual({ message: `saved ${ID}` });
    expect(fn).toHaveBeenCalledWith({ id: ID, states: ['CA', 'NY'] }, expect.objectContaining({ viewer: LOCAL_ADMIN, requestId: expect.any(String) }));
  });

  it('takes an object as well as a form post', async () => {
    const action = viewerAction(schema, async ({ id }) => ({ result: id }));
    expect(await action({}, { id: ID })).toEqual({ result: ID });
  });

  it('shows the first failing field and never runs fn', async () => {
    const fn = vi.fn(async () => ({}));
    expect(await viewerAction(schema, fn)({}, form([['id', 'nope']]))).toEqual({ error: expect.stringMatching(/^id: /) });
    expect(fn).not.toHaveBeenCalled();
  });

  it.each([
    ['an ApiError', new ApiError('conflict', 'a source named webhook already exists'), 'a source named webhook already exists'],
    ['a SQL function\'s message', Object.assign(new Error('would exceed the 20 % return limit'), { code: 'PT422' }), 'would exceed the 20 % return limit'],
  ])('shows %s as it is, unlogged', async (_label, error, message) => {
    const action = viewerAction(schema, async () => {
      throw error;
    });
    expect(await action({}, { id: ID })).toEqual({ error: message });
    expect(log.error).not.toHaveBeenCalled();
  });

  it('hands the form the current record when its save lost to a newer version', async () => {
    const current = { id: ID, name: 'Ann', version: 4 };
    const action = viewerAction(schema, async () => {
      throw Object.assign(new Error('caller Ann was changed by someone else since version 3 (it is at version 4 now)'), { code: 'PT409', detail: JSON.stringify(current) });
    });
    expect(await action({}, { id: ID })).toEqual({ error: 'caller Ann was changed by someone else since version 3 (it is at version 4 now)', current });
    expect(log.error).not.toHaveBeenCalled();
  });

  it('hides an unexpected error behind a generic message with the request id it is logged under', async () => {
    const error = Object.assign(new Error('relation "secret_table" does not exist'), { code: '42P01' });
    const state = await viewerAction(schema, async () => {
      throw error;
    })({}, { id: ID });
    expect(state.error).not.toContain('secret_table');
    const requestId = /request ([\w-]+)\)/.exec(state.error ?? '')?.[1];
    expect(requestId).toBeTruthy();
    expect(log.error).toHaveBeenCalledWith({ err: error }, 'action failed');
    expect(state.error).toBe(`Something went wrong on our side; it has been logged (request ${requestId}).`);
  });

  it('says when the database is away, without its text', async () => {
    const state = await viewerAction(schema, async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    })({}, { id: ID });
    expect(state.error).toMatch(/^The database is busy or unavailable; try again in a moment \(request [\w-]+\)\.$/);
  });

  it('refuses when there is no viewer, with the reason', async () => {
    currentViewer.mockRejectedValue(new ApiError('unauthorized', 'sign-in is not available on this deployment yet'));
    const fn = vi.fn(async () => ({}));
    expect(await viewerAction(schema, fn)({}, { id: ID })).toEqual({ error: 'sign-in is not available on this deployment yet' });
    expect(fn).not.toHaveBeenCalled();
  });

  it('lets redirect() through to Next.js', async () => {
    const action = viewerAction(schema, async ({ id }) => redirect(`/orders/${id}`));
    await expect(action({}, { id: ID })).rejects.toMatchObject({ digest: expect.stringContaining(`/orders/${ID}`) });
  });
});
