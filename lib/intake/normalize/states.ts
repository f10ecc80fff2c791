/** USPS codes by name, for states, DC and territories. */
export const US_STATES: Readonly<Record<string, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
  CT: 'Connecticut', DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia',
  HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas',
  KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts',
  MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico',
  NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma',
  OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota',
  TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington',
  WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming', PR: 'Puerto Rico', GU: 'Guam',
  VI: 'U.S. Virgin Islands', AS: 'American Samoa', MP: 'Northern Mariana Islands',
};

const squash = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');

const BY_NAME = new Map<string, string>([
  ...Object.entries(US_STATES).map(([code, name]) => [squash(name), code] as [string, string]),
  ['washingtondc', 'DC'], ['dc', 'DC'], ['virginislands', 'VI'], ['usvirginislands', 'VI'],
  ['northernmarianas', 'MP'],
]);

/** A USPS state code from a code or a full name in any case and spacing, or null. */
export function normalizeState(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const letters = squash(input);
  // "TX", "tx.", "N.Y.": two letters are a code; anything longer is a name.
  if (letters.length === 2) {
    const code = letters.toUpperCase();
    return code in US_STATES ? code : null;
  }
  return BY_NAME.get(letters) ?? null;
}
