/**
 * Personal data seen as literal values in text (notebook outputs, printed sample data): email
 * addresses, phone numbers, US social security numbers, payment card numbers (Luhn-checked),
 * IBANs (mod-97 checked) and public IPv4 addresses. Each finder is a linear scan; results are
 * counted, never shown.
 */
export type PiiKind = 'email' | 'phone' | 'ssn' | 'card' | 'iban' | 'ipv4';

export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
  value: string;
}

export const PII_LABELS: Record<PiiKind, [string, string]> = {
  email: ['email address', 'email addresses'],
  phone: ['phone number', 'phone numbers'],
  ssn: ['US social security number', 'US social security numbers'],
  card: ['payment card number', 'payment card numbers'],
  iban: ['IBAN', 'IBANs'],
  ipv4: ['public IP address', 'public IP addresses'],
};

/** Domains reserved for documentation and tests, and addresses that belong to no person. */
const NON_PERSONAL_EMAIL =
  /@(?:example\.(?:com|org|net)|[\w-]+\.example|test\.com|localhost|users\.noreply\.github\.com)$|^(?:noreply|no-reply|donotreply|git|info|support|admin|security|contact|hello|team|webmaster|postmaster)@/i;
const FILE_TLDS = /\.(?:png|jpe?g|gif|svg|webp|py|js|ts|css|html?|json|ya?ml|txt|csv|pt|pth|bin|onnx|h5|md|ipynb|whl|gz|zip)$/i;

function findEmails(text: string, out: PiiMatch[]): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && /[A-Za-z0-9._%+-]/.test(text[start - 1])) start--;
    if (start === at || text[start] === '.' || /[:/]/.test(text[start - 1] ?? '')) continue;
    let end = at + 1;
    while (end < text.length && end - at < 255 && /[A-Za-z0-9.-]/.test(text[end])) end++;
    while (end > at + 1 && /[.-]/.test(text[end - 1])) end--;
    const domain = text.slice(at + 1, end);
    if (!/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/.test(domain)) continue;
    const value = text.slice(start, end);
    if (NON_PERSONAL_EMAIL.test(value) || FILE_TLDS.test(value)) continue;
    out.push({ kind: 'email', start, end, value });
  }
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes of the major card networks (Visa, Mastercard, Amex, Discover, JCB, Diners). */
const CARD_PREFIX = /^(?:4\d{12}(?:\d{3}){0,2}|5[1-5]\d{14}|2(?:2[2-9]|[3-6]\d|7[01])\d{12}|3[47]\d{13}|6(?:011|5\d\d|4[4-9]\d)\d{12,15}|35(?:2[89]|[3-8]\d)\d{12,15}|3(?:0[0-5]|[68]\d)\d{11,13})$/;

const DIGIT_RUNS = /(?<![\w.+-])\d(?:[ -]?\d){12,22}(?![\w.]|-\d)/g;
const SSN = /(?<![\w.-])(\d{3})-(\d{2})-(\d{4})(?![\w-]|\.\d)/g;
const PHONE = /(?<![\w.+-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-]|\.\d)|(?<![\w.+-])\+[1-9]\d{9,13}(?![\w.])/g;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g;
const IPV4 = /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g;

/** IBAN lengths by country (the common ones; others fall back to the checksum alone). */
const IBAN_LENGTH: Record<string, number> = { DE: 22, FR: 27, GB: 22, ES: 24, IT: 27, NL: 18, BE: 16, CH: 21, AT: 20, IE: 22, PT: 25, PL: 28, SE: 24, DK: 18, FI: 18, NO: 15, LU: 20 };

function ibanValid(compact: string): boolean {
  const expected = IBAN_LENGTH[compact.slice(0, 2)];
  if (expected !== undefined && compact.length !== expected) return false;
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function isPublicIpv4(parts: number[]): boolean {
  const [a, b, c] = parts;
  if (parts.some((p) => p > 255)) return false;
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  // documentation ranges
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return false;
  // DNS resolvers everyone prints
  if ((a === 8 && b === 8) || (a === 1 && b === 1 && c === 1)) return false;
  return true;
}

/** Lines where dotted numbers are versions or servers: pip and conda logs, downloads, connections, URLs. */
const NOT_PEOPLE = /Requirement|Collecting|Downloading|Installing|Resolving|Connecting|Successfully|version|pip|conda|nvidia|cuda|driver|https?:\/\/|Running on|[Ll]istening|[Ss]erver|[Hh]ost/;

/**
 * An IPv4 address as a value (a table cell, a list item, a log field), not a version number
 * (`==8.9.2.26`, `(12.1.3.1)`, `v1.2.3.4`) or a server with a port.
 */
function isAddressContext(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text[start - 1] : '';
  if (before && !/[\s'",|>[{:;]/.test(before)) return false;
  if (/^:\d/.test(text.slice(end, end + 2))) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  const line = text.slice(lineStart, lineEnd < 0 ? Math.min(text.length, end + 200) : Math.min(lineEnd, end + 200));
  return !NOT_PEOPLE.test(line.slice(Math.max(0, start - lineStart - 200)));
}

export function findPii(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  if (text.includes('@')) findEmails(text, out);
  if (/\d/.test(text)) {
    for (const m of text.matchAll(SSN)) {
      const [area, group, serial] = [m[1], m[2], m[3]];
      if (area === '000' || area === '666' || area[0] === '9' || group === '00' || serial === '0000') continue;
      out.push({ kind: 'ssn', start: m.index, end: m.index + m[0].length, value: m[0] });
    }
    for (const m of text.matchAll(DIGIT_RUNS)) {
      const digits = m[0].replace(/[ -]/g, '');
      // separators, when present, group the digits as cards print them (4-4-4-4, 4-6-5)
      if (/[ -]/.test(m[0]) && !/^\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?$|^\d{4}[ -]\d{6}[ -]\d{4,5}$/.test(m[0])) continue;
      if (digits.length < 13 || digits.length > 19 || !CARD_PREFIX.test(digits) || !luhn(digits)) continue;
      out.push({ kind: 'card', start: m.index, end: m.index + m[0].length, value: m[0] });
    }
    for (const m of text.matchAll(PHONE)) {
      if (out.some((o) => o.start <= m.index && m.index < o.end)) continue;
      out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length, value: m[0] });
    }
    for (const m of text.matchAll(IPV4)) {
      if (!isAddressContext(text, m.index, m.index + m[0].length)) continue;
      const parts = [m[1], m[2], m[3], m[4]];
      if (parts.some((p) => p.length > 1 && p.startsWith('0'))) continue;
      if (!isPublicIpv4(parts.map(Number))) continue;
      out.push({ kind: 'ipv4', start: m.index, end: m.index + m[0].length, value: m[0] });
    }
  }
  if (/[A-Z]{2}\d{2}/.test(text)) {
    for (const m of text.matchAll(IBAN)) {
      const compact = m[0].replace(/ /g, '');
      if (ibanValid(compact)) out.push({ kind: 'iban', start: m.index, end: m.index + m[0].length, value: m[0] });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** "3 email addresses and 1 phone number" (counts only, never values). */
export function describeCounts(matches: readonly PiiMatch[]): string {
  const counts = new Map<PiiKind, number>();
  for (const match of matches) counts.set(match.kind, (counts.get(match.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, count]) => `${count} ${PII_LABELS[kind][count === 1 ? 0 : 1]}`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
