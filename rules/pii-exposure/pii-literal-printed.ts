import { defineRule, isSensitiveName, stringParts, type Node, type RuleContext } from '../../server/src/engine/api';
import { describeCounts, findPii, type PiiMatch } from '../../server/src/engine/secrets';
import { LOG_LEVELS, PRINT_CALLS } from '../../server/src/engine/secrets/expressions';

const PRINTERS = [...PRINT_CALLS, ...LOG_LEVELS.filter((l) => l !== 'log').map((l) => `logging.${l}`)];
/** Containers whose literal contents a printed value shows. */
const CONTAINERS = new Set(['list', 'tuple', 'set', 'dictionary', 'pair', 'concatenated_string', 'parenthesized_expression', 'expression_list', 'binary_operator', 'interpolation']);
const TABLE_BUILDERS = /^(?:pandas|pd|polars|pl)\.(?:DataFrame|Series)$|^(?:pandas|pd)\.DataFrame\.from_(?:records|dict)$/;

export default defineRule({
  id: 'pii-literal-printed',
  category: 'pii-exposure',
  severity: 'warning',
  cwe: 359,
  message:
    'Code prints literal personal data (email addresses, phone numbers, SSNs, card numbers, IBANs, IP addresses): it is in the source and, once run, in the logs and saved outputs. Use synthetic or masked sample data.',
  docs: {
    what: 'Finds `print`, `display`, `pprint`, `logging` and `sys.stdout.write` calls that show literal personal data written in the code: strings, lists, dicts and `pd.DataFrame({...})` sample tables (followed through assignments and notebook cells) holding real-looking email addresses, phone numbers, US SSNs, Luhn-valid card numbers, valid IBANs or public IP addresses. Documentation domains (`example.com`), private and documentation IP ranges and numbers that fail their checksum are ignored. The message gives counts, never values. (Personal data read from files and columns is the business of `pii-printed` and `pii-logged`.)',
    why: "Sample rows pasted from production into a notebook or a test are real people's data: they stay in the git history, and printing them copies them into logs and saved outputs that are shared far more widely than the source.",
    fix: 'Replace the sample with synthetic data (`faker`, documentation domains such as `example.com`, the test card numbers payment providers publish) or mask the values before printing.',
    example: {
      bad: 'escalations = ["maria.garcia@gmail.com", "wei.zhang@outlook.com"]\nprint(escalations)',
      good: 'escalations = ["user1@example.com", "user2@example.com"]\nprint(escalations)',
    },
    references: ['https://cwe.mitre.org/data/definitions/359.html'],
  },
  calls: PRINTERS,
  onCall(call, context) {
    const strings: string[] = [];
    for (const argument of call.positional) collectLiterals(argument, context, strings, 0);
    if (strings.length === 0) return;
    const matches: PiiMatch[] = strings.flatMap((text) => findPii(text));
    const ips = new Set(matches.filter((m) => m.kind === 'ipv4').map((m) => m.value));
    const counted = ips.size >= 2 ? matches : matches.filter((m) => m.kind !== 'ipv4');
    if (counted.length === 0) return;
    context.report({
      node: call.node,
      message: `${(call.callee ?? call.method).split('.').pop()} shows personal data written in the code: ${describeCounts(counted)}. Use synthetic or masked sample data.`,
    });
  },
});

/** The literal strings a value shows when printed: itself, container items, names bound to them, literal tables. */
function collectLiterals(node: Node, context: RuleContext, out: string[], depth: number): void {
  if (depth > 8 || out.length > 500) return;
  if (node.type === 'string') {
    // a value keyed by a personal-data column is pii-printed's finding; here only the literal values elsewhere
    const pair = node.parent?.type === 'pair' ? node.parent : node.parent?.parent?.type === 'pair' ? node.parent.parent : undefined;
    const key = pair?.childForFieldName('key');
    if (key?.type === 'string' && pair?.childForFieldName('key')?.id !== node.id && isSensitiveName(stringParts(key).text, context.options.sensitiveColumns)) return;
    out.push(stringParts(node).text);
    return;
  }
  if (node.type === 'identifier') {
    const binding = context.lookup(node);
    if (binding?.kind === 'assign' && binding.value && binding.value.id !== node.id) collectLiterals(binding.value, context, out, depth + 1);
    return;
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const callee = fn ? (context.qualifiedName(fn) ?? '') : '';
    if (
      !TABLE_BUILDERS.test(callee) &&
      !/^(?:str|repr|list|dict|tuple|set)$/.test(callee) &&
      !(fn?.type === 'attribute' && /^(?:head|tail|sample|to_string|format)$/.test(fn.childForFieldName('attribute')?.text ?? ''))
    )
      return;
    for (const argument of node.childForFieldName('arguments')?.namedChildren ?? [])
      if (argument) collectLiterals(argument.type === 'keyword_argument' ? (argument.childForFieldName('value') ?? argument) : argument, context, out, depth + 1);
    if (fn?.type === 'attribute') {
      const receiver = fn.childForFieldName('object');
      if (receiver) collectLiterals(receiver, context, out, depth + 1);
    }
    return;
  }
  if (!CONTAINERS.has(node.type)) return;
  for (const child of node.namedChildren) if (child) collectLiterals(child, context, out, depth + 1);
}
