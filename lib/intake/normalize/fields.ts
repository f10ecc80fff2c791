/** The lead fields an incoming key can map to. */
export const leadFields = [
  'first_name', 'last_name', 'full_name', 'email', 'phone', 'state', 'country', 'zip', 'city',
  'business_line', 'language', 'document_type', 'document_number', 'external_id', 'idempotency_key',
] as const;

export type LeadField = (typeof leadFields)[number];

// Keys are compared squashed: lower case, without spaces, `_`, `-` or dots.
const ALIASES: Record<LeadField, string[]> = {
  first_name: ['firstname', 'fname', 'first', 'givenname', 'forename', 'nombre'],
  last_name: ['lastname', 'lname', 'last', 'surname', 'familyname', 'apellido'],
  full_name: ['name', 'fullname', 'contactname', 'yourname'],
  email: ['email', 'emailaddress', 'mail', 'emailid', 'youremail'],
  phone: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'tel',
    'telephone', 'phone1', 'primaryphone', 'contactnumber', 'yourphone', 'whatsapp'],
  state: ['state', 'region', 'province', 'stateprovince', 'statecode', 'stateorprovince'],
  country: ['country', 'countrycode'],
  zip: ['zip', 'zipcode', 'postalcode', 'postcode', 'postal'],
  city: ['city', 'town'],
  business_line: ['businessline', 'line', 'vertical', 'product'],
  language: ['lang', 'language', 'locale'],
  document_type: ['documenttype', 'doctype', 'idtype'],
  document_number: ['documentnumber', 'docnumber', 'documentno', 'documentid', 'idnumber'],
  external_id: ['clickid', 'externalid', 'click', 'subid', 'transactionid'],
  idempotency_key: ['idempotencykey'],
};

export function squashKey(key: string): string {
  return key.toLowerCase().replace(/[\s_.-]/g, '');
}

const FIELD_BY_KEY = new Map<string, LeadField>(
  (Object.entries(ALIASES) as [LeadField, string[]][]).flatMap(([field, keys]) =>
    [field, ...keys].map((key) => [squashKey(key), field] as [string, LeadField]),
  ),
);

/** The lead field an incoming key stands for, or null when it belongs in metadata. */
export function fieldForKey(key: string): LeadField | null {
  return FIELD_BY_KEY.get(squashKey(key)) ?? null;
}

