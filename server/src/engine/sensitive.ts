/**
 * Names that mean personal data when they name a column, a key or a field. Matched on word
 * parts of a name (`customer_email`, `EmailAddress`, `date_of_birth`), not on substrings, so
 * `filename` or `username_hash_salt` style names are judged by their parts.
 */
export const BUILTIN_SENSITIVE_COLUMNS: readonly string[] = [
  'email',
  'e_mail',
  'ssn',
  'social_security',
  'phone',
  'telephone',
  'mobile',
  'dob',
  'birth',
  'birthdate',
  'birthday',
  'date_of_birth',
  'name',
  'first_name',
  'last_name',
  'full_name',
  'surname',
  'address',
  'street',
  'zip',
  'zipcode',
  'postcode',
  'postal_code',
  'salary',
  'income',
  'diagnosis',
  'ip',
  'ip_address',
  'credit_card',
  'card_number',
  'ccn',
  'iban',
  'passport',
  'national_id',
  'license_number',
  'medical',
  'patient',
];

/** Entries too common as a part of other names (`model_name`, `file_name`): they match whole names only. */
const WHOLE_NAME_ONLY = new Set(['name']);

/** Splits `customerEmailAddress` / `customer_email-address` into lower-case word parts. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part.length > 0);
}

/**
 * Whether a column/key name denotes personal data: one of `sensitive` equals the whole name, or
 * (for multi-part entries) a run of its parts, or (single-part entries) one of its parts.
 */
export function isSensitiveName(name: string, sensitive: readonly string[]): boolean {
  const parts = nameParts(name);
  if (parts.length === 0) return false;
  const joined = parts.join('_');
  for (const entry of sensitive) {
    const entryParts = nameParts(entry);
    if (entryParts.length === 0) continue;
    const key = entryParts.join('_');
    if (joined === key) return true;
    if (WHOLE_NAME_ONLY.has(key)) continue;
    if (entryParts.length === 1 ? parts.includes(key) : `_${joined}_`.includes(`_${key}_`)) return true;
  }
  return false;
}
