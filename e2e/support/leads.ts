import { randomBytes } from 'node:crypto';
import { expect } from '@playwright/test';

/** A phone no other lead has: area code 646, which the demo data avoids. */
export const freshPhone = () =>
  `(646) ${200 + randomBytes(2).readUInt16BE() % 800}-${String(randomBytes(2).readUInt16BE() % 10000).padStart(4, '0')}`;

/** What a created lead's `assigned_to` must be: its caller when routing assigned it, else null. */
export const expectedAssignee = (status: string) =>
  status === 'assigned' ? { id: expect.any(String), name: expect.any(String) } : null;
