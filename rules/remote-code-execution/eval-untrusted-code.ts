import { defineRule, stringParts, type CallSite, type Fix, type Node, type RuleContext } from '../../server/src/engine/api';
import { isStringBuilding, OriginWalker } from '../lib/flow';

const CODE_RUNNERS = ['eval', 'exec', 'compile', 'builtins.eval', 'builtins.exec', 'builtins.compile'];
/** Parsers that hand their string to eval: reported only when the string comes from outside input. */
const EVALUATING_PARSERS = ['sympy.sympify', 'sympy.core.sympify.sympify', 'sympy.parse_expr', 'sympy.parsing.sympy_parser.parse_expr', 'sympy.parsing.parse_expr'];
/** Imports by name: reported only when the name comes from outside input. */
const IMPORTERS = ['__import__', 'builtins.__import__', 'importlib.import_module'];

export default defineRule({
  id: 'eval-untrusted-code',
  category: 'remote-code-execution',
  severity: 'error',
  cwe: 95,
  message:
    'eval/exec runs this text as Python code; text from a user, a request, a file or a model (LLM output included) can run any command. Parse it as data instead (json.loads, ast.literal_eval).',
  fixable: true,
  docs: {
    what: 'Finds `eval`, `exec` and `compile` called on text that is not a literal: model or LLM output, request data, `input()`, file or response contents, function parameters (errors), and other run-time values (warnings). Also `sympy.sympify` / `parse_expr` (which call `eval`) on outside input, `eval` passed as a function (`df["tags"].apply(eval)`, `map(eval, lines)`, `converters={"tags": eval}`), and `__import__` / `importlib.import_module` of a module name that comes from outside input. Literals, constants, `ast.literal_eval`, methods that merely share the name (`model.eval()`, `model.compile()`, `re.compile`, `torch.compile`) and `exec(open("version.py").read())` of a file in your repository are not reported.',
    why: "`eval` and `exec` hand their text to the Python interpreter. Whoever controls that text — a user of your app, the sender of a request, the author of a file or dataset, or a language model steered by a prompt injection — runs code with your process's permissions: reading secrets, exfiltrating data, or taking over the machine. Restricting `__builtins__` does not make it safe; there are well-known escapes.",
    fix: 'Parse data as data: `json.loads` for JSON, `ast.literal_eval` for Python literals (numbers, strings, lists, dicts), a lookup table (`{"relu": nn.ReLU}[name]`) instead of `eval(name)`. To run code an LLM wrote, use a separate sandbox (container, no credentials, no network), never the serving process. The fix replaces a one-argument `eval` with `ast.literal_eval`; it is not applied automatically because it rejects expressions that are not literals.',
    example: {
      bad: 'def parse_answer(response):\n    text = response.choices[0].message.content\n    return eval(text)',
      good: 'import ast\n\ndef parse_answer(response):\n    text = response.choices[0].message.content\n    return ast.literal_eval(text)',
    },
    references: ['https://docs.python.org/3/library/functions.html#eval', 'https://docs.python.org/3/library/ast.html#ast.literal_eval', 'https://cwe.mitre.org/data/definitions/95.html'],
  },
  calls: [...CODE_RUNNERS, ...IMPORTERS, ...EVALUATING_PARSERS],
  // `df["tags"].apply(eval)`, `map(eval, lines)`, `read_csv(..., converters={"tags": eval})`
  nodes: { types: ['argument_list', 'pair'], keywords: ['eval'] },
  onNode(node, context) {
    const candidates = node.type === 'pair' ? [node.childForFieldName('value')] : node.namedChildren;
    for (const candidate of candidates) {
      if (candidate?.type !== 'identifier' || candidate.text !== 'eval' || context.lookup(candidate)) continue;
      const owner = node.type === 'pair' || node.parent?.type !== 'call' ? 'a converter' : `${context.callSite(node.parent).method || 'a call'}()`;
      const { edits, reference } = context.edits.ensureImport('ast');
      context.report({
        node: candidate,
        message: `eval is passed to ${owner}, so every value it gets (data cells, file lines) runs as Python code; a crafted value runs any command. Use ast.literal_eval to parse stringified lists and dicts.`,
        fixes: [{ title: 'Use ast.literal_eval (accepts Python literals only)', safe: false, edits: [...edits, context.edits.replace(candidate, `${reference}.literal_eval`)] }],
      });
    }
  },
  onCall(call, context) {
    const callee = call.callee ?? '';
    const name = callee.replace(/^builtins\./, '').replace(/^importlib\./, '');
    const source = call.argument(
      0,
      name === 'compile' ? 'source' : name === 'import_module' || name === '__import__' ? 'name' : EVALUATING_PARSERS.includes(callee) ? (name.endsWith('sympify') ? 'a' : 's') : undefined,
    );
    if (!source) return;
    if (isOwnSourceFile(source, context) || isCodeObject(source, context) || checkedNumeric(call.node, source)) return;
    const origin = isModelOutput(source, context, 0) ? 'input' : new OriginWalker(context).of(source);
    if (origin === 'constant') return;
    if (EVALUATING_PARSERS.includes(callee)) {
      if (origin !== 'input') return;
      const parser = callee.split('.').pop();
      context.report({
        node: call.node,
        message: `sympy.${parser} evaluates its string with eval, so text from outside input (a parameter, user input, a request, a file, or model output) can run any command; check the text against a strict pattern (numbers, operators, known symbol names) first, or build the expression from parsed numbers.`,
      });
      return;
    }
    if (IMPORTERS.includes(callee)) {
      // plugin registries import modules named by parameters and configs all the time: only a
      // name typed by a user or sent in a request is worth a finding
      if (!isUserInput(source, context, 0)) return;
      context.report({
        node: call.node,
        message: `${name} imports a module named by outside input (a parameter, request, file or model output); importing runs that module's code. Map allowed names to modules in a dict instead.`,
      });
      return;
    }
    const fixes = name === 'eval' ? literalEvalFix(call, context) : [];
    if (origin === 'input') {
      context.report({
        node: call.node,
        message: `${name} runs text from outside input (a parameter, user input, a request, a file, or model/LLM output) as Python code; whoever controls that text can run any command. Parse it as data (json.loads, ast.literal_eval) or look names up in a dict.`,
        fixes,
      });
      return;
    }
    context.report({
      node: call.node,
      severity: 'warning',
      message: `${name} runs text built at run time as Python code; if any part comes from a user, a config or data file, or a model, it can run any command. Parse it as data (json.loads, ast.literal_eval) or look names up in a dict.`,
      fixes,
    });
  },
});

/** `exec(open("version.py").read())`, `exec(open(os.path.join(here, "pkg", "__version__.py")).read())`: a source file of the project itself. */
function isOwnSourceFile(node: Node, context: RuleContext): boolean {
  if (node.type !== 'call') return false;
  const site = context.callSite(node);
  if (!['read', 'read_text'].includes(site.method) || !site.receiver) return false;
  let receiver: Node | undefined = site.receiver;
  if (receiver.type === 'identifier') receiver = context.lookup(receiver)?.value;
  if (receiver?.type !== 'call') return false;
  const opener = context.callSite(receiver);
  const path = opener.positional[0] ?? (opener.callee === 'pathlib.Path' ? undefined : opener.receiver);
  if (!path) return false;
  // the file name is written in the code and names a Python module
  const literals = [path, ...path.descendantsOfType('string')].filter((n): n is Node => !!n && n.type === 'string');
  const resolved = context.valueOf(path);
  const texts = [...literals.map((n) => stringParts(n).text), resolved.kind === 'string' ? resolved.value : resolved.kind === 'template' ? resolved.staticText : ''];
  return texts.some((text) => /\.py$/.test(text) && !/^(\/tmp|https?:)/.test(text));
}

/** `eval(s) if s.isnumeric() else s`, `if s.isdigit(): n = eval(s)`: the text can only be digits. */
function checkedNumeric(call: Node, source: Node): boolean {
  if (source.type !== 'identifier') return false;
  const guard = new RegExp(`\\b${source.text}\\.(isnumeric|isdigit|isdecimal)\\(\\)`);
  for (let current = call.parent, depth = 0; current && depth < 8; current = current.parent, depth++) {
    if (current.type === 'function_definition' || current.type === 'module') break;
    const condition = current.type === 'conditional_expression' ? current.namedChild(1) : current.type === 'if_statement' ? current.childForFieldName('condition') : null;
    if (condition && guard.test(condition.text) && !/\bnot\b/.test(condition.text)) return true;
  }
  return false;
}

/** A value read from `input()`, `sys.argv` or a web request, followed through names. */
function isUserInput(node: Node, context: RuleContext, depth: number): boolean {
  if (depth > 6) return false;
  const qualified = node.type === 'call' ? context.callSite(node).callee : context.qualifiedName(node);
  if (qualified && /^(input|sys\.argv|sys\.stdin|flask\.request|getpass\.getpass)\b/.test(qualified)) return true;
  switch (node.type) {
    case 'subscript':
    case 'attribute': {
      const inner = node.childForFieldName(node.type === 'subscript' ? 'value' : 'object');
      return !!inner && isUserInput(inner, context, depth + 1);
    }
    case 'call': {
      const site = context.callSite(node);
      return !!site.receiver && ['get', 'strip', 'lower', 'format'].includes(site.method) && isUserInput(site.receiver, context, depth + 1);
    }
    case 'string':
      return node.namedChildren.some((c) => c?.type === 'interpolation' && !!c.namedChild(0) && isUserInput(c.namedChild(0)!, context, depth + 1));
    case 'identifier': {
      const binding = context.lookup(node);
      return (binding?.kind === 'assign' || binding?.kind === 'with') && !!binding.value && isUserInput(binding.value, context, depth + 1);
    }
    default:
      return false;
  }
}

/** Keys under which model and LLM results carry their text (`pipe(x)[0]["generated_text"]`). */
const OUTPUT_KEYS = new Set(['generated_text', 'text', 'content', 'output', 'outputs', 'answer', 'code', 'completion', 'response', 'result', 'summary_text', 'translation_text']);

/** A field of a model or LLM result: a subscript by one of OUTPUT_KEYS, followed through names. */
function isModelOutput(node: Node, context: RuleContext, depth: number): boolean {
  if (depth > 6) return false;
  if (node.type === 'subscript') {
    const key = node.childForFieldName('subscript');
    if (key?.type === 'string' && OUTPUT_KEYS.has(stringParts(key).text)) return true;
    const value = node.childForFieldName('value');
    return !!value && isModelOutput(value, context, depth + 1);
  }
  if (node.type === 'identifier') {
    const binding = context.lookup(node);
    return (binding?.kind === 'assign' || binding?.kind === 'with') && !!binding.value && isModelOutput(binding.value, context, depth + 1);
  }
  if (node.type === 'call') {
    const site = context.callSite(node);
    if (['strip', 'lstrip', 'rstrip', 'replace', 'lower'].includes(site.method) && site.receiver) return isModelOutput(site.receiver, context, depth + 1);
  }
  return false;
}

/** `exec(code)` where `code = compile(...)`: the compile call is the one checked. */
function isCodeObject(node: Node, context: RuleContext): boolean {
  let current: Node | undefined = node;
  if (current.type === 'identifier') current = context.lookup(current)?.value;
  if (current?.type !== 'call') return false;
  const callee = context.callSite(current).callee;
  return callee === 'compile' || callee === 'builtins.compile';
}

function literalEvalFix(call: CallSite, context: RuleContext): Fix[] {
  if (call.positional.length !== 1 || call.node.childForFieldName('arguments')?.namedChildren.some((c) => c?.type === 'keyword_argument')) return [];
  // only a direct `eval(...)`, and not on code the program builds on purpose (`eval(f"layers.{name}()")`)
  if (!['eval', 'builtins.eval'].includes(call.function.text) || isStringBuilding(call.positional[0])) return [];
  const { edits, reference } = context.edits.ensureImport('ast');
  return [{ title: 'Use ast.literal_eval (accepts Python literals only)', safe: false, edits: [...edits, context.edits.replace(call.function, `${reference}.literal_eval`)] }];
}
