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

/**
 * How strongly a column or key name says "personal data":
 *  - `direct`: identifies a person on its own (email, phone, ssn, date of birth, full name,
 *    street address, card or bank numbers, passport, national id, IP address) or was listed in
 *    `sensitive-columns`;
 *  - `name`: a bare `name` column, a person's name only where the data is about people (the
 *    Titanic passenger list's `Name` is not reported on its own);
 *  - `quasi`: personal when tied to a person (zip, salary, income, diagnosis, ip...), not alone.
 */
export type SensitiveClass = 'direct' | 'name' | 'quasi';

/** Multi-part and single-part names that identify a person (matched as a run of name parts). */
const DIRECT_NAMES = [
  'email',
  'emails',
  'e_mail',
  'ssn',
  'social_security',
  'phone',
  'phones',
  'telephone',
  'phone_number',
  'phone_numbers',
  'mobile_number',
  'mobile_phone',
  'cell_phone',
  'dob',
  'date_of_birth',
  'birth_date',
  'birthdate',
  'birthday',
  'first_name',
  'last_name',
  'full_name',
  'middle_name',
  'given_name',
  'family_name',
  'maiden_name',
  'firstname',
  'lastname',
  'fullname',
  'surname',
  'address',
  'addresses',
  'street',
  'street_address',
  'credit_card',
  'card_number',
  'cc_number',
  'ccn',
  'cvv',
  'iban',
  'bank_account',
  'account_number',
  'routing_number',
  'passport',
  'national_id',
  'tax_id',
  'nhs_number',
  'driver_license',
  'drivers_license',
  'driving_licence',
  'license_number',
  'licence_number',
  'ip_address',
  'ip_addr',
];

/** `<person>_name` columns name a person. */
const PERSON_NOUNS = new Set([
  'customer',
  'client',
  'patient',
  'employee',
  'person',
  'contact',
  'member',
  'holder',
  'cardholder',
  'applicant',
  'student',
  'subscriber',
  'recipient',
  'sender',
  'user',
  'donor',
  'tenant',
  'guest',
  'borrower',
  'beneficiary',
  'caller',
  'driver',
  'rider',
  'buyer',
  'payee',
  'payer',
]);

const QUASI_NAMES = ['zip', 'zipcode', 'zip_code', 'postcode', 'postal_code', 'salary', 'income', 'diagnosis', 'medical', 'ip', 'patient', 'ethnicity', 'religion'];

/**
 * Name parts that turn a sensitive name into something else: a count, a flag, a column name, a
 * derived non-identifying value (`email_domain`, `phone_model`), or a protected form
 * (`email_hash`, `ssn_masked`).
 */
const NEGATING_PARTS = new Set([
  'col',
  'cols',
  'column',
  'columns',
  'field',
  'fields',
  'key',
  'keys',
  'idx',
  'index',
  'count',
  'counts',
  'num',
  'n',
  'len',
  'length',
  'size',
  'total',
  'template',
  'subject',
  'regex',
  're',
  'pattern',
  'validator',
  'valid',
  'is',
  'has',
  'enabled',
  'sent',
  'flag',
  'domain',
  'provider',
  'type',
  'format',
  'fmt',
  'hash',
  'hashed',
  'digest',
  'masked',
  'mask',
  'anon',
  'anonymized',
  'anonymised',
  'encrypted',
  'enc',
  'token',
  'tokenized',
  'redacted',
  'pseudonym',
  'pseudonymized',
  'pseudonymised',
  'salt',
  'model',
  'brand',
  'os',
  'version',
  'missing',
  'null',
  'nan',
  'rate',
  'ratio',
  'pct',
  'percent',
  'mean',
  'avg',
  'std',
  'bin',
  'bins',
  'bucket',
  'group',
  'cat',
  'category',
  'encoder',
  'encoded',
  'embedding',
  'vectorizer',
  'feature',
  'features',
  'verified',
  'optin',
  'consent',
  'changed',
  'updated',
  'exists',
  'unique',
  'dup',
  'duplicate',
  'duplicates',
  'prefix',
  'suffix',
  'server',
  'host',
  'port',
  'smtp',
  'mac',
  'wallet',
  'contract',
  'memory',
  'hex',
  'url',
  'web',
  'node',
  'bind',
  'listen',
  'base',
  'eth',
  'btc',
  'pool',
  'proxy',
  'file',
  'path',
  'dir',
  'archive',
  'code_len',
  'score',
  'label',
  'class',
  'classes',
  'code',
  'id',
  'ids',
  'list_col',
  'map',
  'mapping',
  'dict',
  'schema',
  'dtype',
  'config',
  'cfg',
  'setting',
  'settings',
]);

/** Extra negations for the quasi `code`-style names: `zip_code` is a zip code, not a code. */
const QUASI_ALLOWED_PARTS = new Set(['code']);

function containsRun(parts: string[], entry: string[]): number {
  outer: for (let i = 0; i + entry.length <= parts.length; i++) {
    for (let j = 0; j < entry.length; j++) if (parts[i + j] !== entry[j]) continue outer;
    return i;
  }
  return -1;
}

const SPLIT_DIRECT = DIRECT_NAMES.map((n) => n.split('_'));
const SPLIT_QUASI = QUASI_NAMES.map((n) => n.split('_'));

/**
 * Classifies a column, key or variable name (`customer_email`, `EmailAddress`, `Date of Birth`):
 * its class when the name means personal data, `negated` when it names something derived from
 * personal data that is not personal itself (`email_domain`, `n_emails`, `email_hash`), or
 * undefined. `extra` are names from the `sensitive-columns` setting; they count as direct.
 */
export function sensitiveNameStatus(name: string, extra: readonly string[] = []): SensitiveClass | 'negated' | undefined {
  const parts = nameParts(name);
  if (parts.length === 0 || parts.length > 8) return undefined;
  if (extra.length > 0 && isSensitiveName(name, extra)) return 'direct';
  const negated = (start: number, length: number, allowed?: Set<string>) => parts.some((part, index) => (index < start || index >= start + length) && NEGATING_PARTS.has(part) && !allowed?.has(part));
  for (const entry of SPLIT_DIRECT) {
    const at = containsRun(parts, entry);
    if (at < 0) continue;
    // `phone_number`, `card_number` are identifiers; `email_domain`, `phone_model` are not
    return negated(at, entry.length) ? 'negated' : 'direct';
  }
  const nameAt = parts.lastIndexOf('name');
  if (nameAt >= 0) {
    if (parts.length === 1) return 'name';
    if (nameAt > 0 && PERSON_NOUNS.has(parts[nameAt - 1])) return negated(nameAt - 1, 2) ? 'negated' : 'direct';
    return undefined;
  }
  for (const entry of SPLIT_QUASI) {
    const at = containsRun(parts, entry);
    if (at < 0) continue;
    return negated(at, entry.length, QUASI_ALLOWED_PARTS) ? 'negated' : 'quasi';
  }
  return undefined;
}

/** The class of a name that means personal data (see `sensitiveNameStatus`), or undefined. */
export function classifySensitiveName(name: string, extra: readonly string[] = []): SensitiveClass | undefined {
  const status = sensitiveNameStatus(name, extra);
  return status === 'negated' ? undefined : status;
}
