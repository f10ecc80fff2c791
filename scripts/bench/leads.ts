/**
 * Lead payloads as a webhook sends them. Every lead of a run is new (its own phone and email),
 * except that, when asked, every 20th repeats the phone of a lead made ten before it: a
 * duplicate by phone within the dedupe window, as a resubmitted form is. Deterministic, so two
 * runs send the same mix.
 */
// A type rather than an interface: it passes as the Record<string, unknown> of a webhook body.
export type LeadFields = {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  state: string;
};

/**
 * The states leads come from: the first six have desks among the routing callers of scenarios
 * 1, 2 and 7, the rest only their global pool (the contention scenario has desks of its own).
 */
const LEAD_STATES = ['CA', 'TX', 'FL', 'NY', 'NJ', 'IL', 'PA', 'OH', 'GA', 'WA'] as const;

const DUPLICATE_EVERY = 20;

let made = 0;

// Area code 646 with exchanges from 200: valid NANP numbers, 8 million of them.
const phoneOf = (n: number) => `+1646${2_000_000 + n}`;

export function nextLead({ duplicates }: { duplicates: boolean }): LeadFields {
  made += 1;
  const repeat = duplicates && made % DUPLICATE_EVERY === 0 && made > 10;
  return {
    first_name: `Bench${made}`,
    last_name: 'Lead',
    email: `bench${made}@bench.example`,
    phone: phoneOf(repeat ? made - 10 : made),
    state: LEAD_STATES[made % LEAD_STATES.length]!,
  };
}
