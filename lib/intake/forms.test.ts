import { describe, expect, it } from 'vitest';
import { formFields } from '@/lib/api/form-fields';
import { addLeadFormSchema, replayFormSchema, sourceCommandFormSchema } from './forms';

const ID = '00000000-0000-4000-8000-0000000000ee';
const post = (entries: [string, string][]) => {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return formFields(form);
};

describe('addLeadFormSchema', () => {
  it('keeps the fields filled in', () => {
    expect(addLeadFormSchema.parse(post([['first_name', 'Ann'], ['phone', '555-234-5678'], ['email', '  ']]))).toEqual({
      first_name: 'Ann', phone: '555-234-5678',
    });
  });

  it('asks for at least one field', () => {
    expect(addLeadFormSchema.safeParse(post([['first_name', ' ']])).error?.issues[0]?.message).toBe('Fill in at least one field.');
  });
});

describe('replayFormSchema', () => {
  it('reads the corrected payload', () => {
    expect(replayFormSchema.parse(post([['id', ID], ['payload', '{"first_name":"Ann"}']]))).toEqual({ id: ID, payload: { first_name: 'Ann' } });
  });

  it.each(['{"first_name":', '["a"]', '"text"', 'null', ''])('refuses %j as a payload, with an example', (payload) => {
    const issues = replayFormSchema.safeParse(post([['id', ID], ['payload', payload]])).error?.issues;
    expect(issues?.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['payload', expect.stringContaining('write a JSON object, e.g.')]]);
  });
});

describe('sourceCommandFormSchema', () => {
  it.each(['rotate', 'end_rotation', 'activate', 'deactivate'])('takes %s', (command) => {
    expect(sourceCommandFormSchema.parse(post([['id', ID], ['command', command]]))).toEqual({ id: ID, command });
  });

  it('refuses anything else', () => {
    expect(sourceCommandFormSchema.safeParse(post([['id', ID], ['command', 'drop']])).success).toBe(false);
  });
});
