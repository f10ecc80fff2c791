/** What can be done with a lead now, as public.lead_next_steps answers from the database's rules. */
export interface LeadNextSteps {
  statuses: string[];
  can_assign: boolean;
  can_unassign: boolean;
}
