import { z } from 'zod';
import { formOptionalText, formText } from '@/lib/api/form-fields';
import { appRoles } from '@/lib/auth/viewer';

export const inviteMemberSchema = z.object({
  email: formText.pipe(z.email('enter an email address')).transform((email) => email.toLowerCase()),
  role: z.enum(appRoles, 'choose admin, manager or caller'),
  caller_id: formOptionalText.pipe(z.uuid('choose a caller').nullable()),
});

export const memberCommandSchema = z.object({
  user_id: z.uuid(),
  command: z.enum(['activate', 'deactivate', 'make_admin', 'make_manager']),
});

/** What each button on a member's row changes. */
export const memberCommandFields = {
  activate: { active: true },
  deactivate: { active: false },
  make_admin: { role: 'admin', caller_id: null },
  make_manager: { role: 'manager', caller_id: null },
} as const;
