import { defineRule, type Node, type PersonalData, type RuleContext, type SourceUnit } from '../../server/src/engine/api';
import { advice, describeData, maskFix, isTestFile } from './personal-data';

/** Calls whose value a notebook does not display (they return None or are statements in effect). */
const NO_OUTPUT = /^(?:print|display|IPython\.display\.display|pprint\.pprint|logging\.\w+)$/;

function report(node: Node, data: PersonalData, context: RuleContext, how: string): void {
  const fix = maskFix(node, data, context);
  context.report({
    node,
    message: `${how} shows ${describeData(data)} in the notebook output, which is saved into the .ipynb and travels with it (git, shared drives); ${advice(data)}.`,
    fixes: fix ? [fix] : [],
  });
}

/** The expression a code cell displays: its last top-level statement, when it is a bare expression not silenced with `;`. */
function displayedExpression(unit: SourceUnit, root: Node): Node | undefined {
  const statements = root.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const last = statements[statements.length - 1];
  if (last?.type !== 'expression_statement' || last.namedChildCount !== 1) return undefined;
  if (/;\s*(#[^\n]*)?$/.test(unit.code.slice(last.startIndex, root.endIndex).trimEnd())) return undefined;
  return last.namedChild(0) ?? undefined;
}

export default defineRule({
  id: 'pii-displayed-in-notebook',
  category: 'pii-exposure',
  severity: 'warning',
  cwe: 359,
  message: 'This shows personal data in the notebook output, which is saved into the .ipynb; drop or mask those columns first.',
  fixable: true,
  docs: {
    what: 'Finds personal data shown in a notebook: `display(df)`, or a table, column or row left as the last expression of a cell (`df`, `df.head()`, `df.sample(5)`, `df[["name", "email"]]`) when it holds columns named like personal data. Aggregates (`df.describe()`, `df.shape`, `df["email"].nunique()`) and cells ending in `;` are not reported. See [personal data](../personal-data.md).',
    why: 'Jupyter saves what a cell displays into the `.ipynb` file. The notebook is then committed, attached to a ticket or shared, and the customer emails and phone numbers in `df.head()` go with it, readable by anyone, long after the data itself was deleted or access to it was revoked.',
    fix: 'Look at the data without the identifying columns (`df.drop(columns=[...]).head()`), at aggregates, or at masked values; clear the outputs that already hold personal data. The fix shows a DataFrame without the personal columns (`.drop(columns=[...], errors="ignore")`) and replaces any other value with `mask_pii(...)`, a small helper that shows `***`, and clears the cell\'s saved outputs, which already hold the data.',
    example: {
      bad: 'import pandas as pd\nusers = pd.read_csv("users.csv", usecols=["email", "age", "plan"])\ndisplay(users.head())',
      good: 'import pandas as pd\nusers = pd.read_csv("users.csv", usecols=["email", "age", "plan"])\ndisplay(users.drop(columns=["email"]).head())',
    },
    references: ['https://cwe.mitre.org/data/definitions/359.html', 'https://nbformat.readthedocs.io/en/latest/format_description.html#code-cells'],
  },
  calls: ['display', 'IPython.display.display', 'IPython.core.display.display', 'IPython.core.display_functions.display'],
  onCall(call, context) {
    if (isTestFile(context.document.path)) return;
    for (const argument of call.positional) {
      const data = context.personalData(argument);
      if (data) return report(argument, data, context, 'display');
    }
  },
  textKinds: ['notebook'],
  onText(unit, context) {
    if (isTestFile(context.document.path)) return;
    if (unit.language !== 'python' || unit.cellType !== 'code') return;
    const lastLine = lastNonBlankLine(unit.code);
    // cheap text checks before parsing: indented, silenced, assignments and statements show nothing
    if (
      !lastLine ||
      /^\s|;\s*(#.*)?$|^(?:import|from|def|class|for|while|if|elif|else|try|except|finally|with|return|del|pass|raise|assert|global|@)\b|^[\w.]+\s*(?:\[[^\]]*\]\s*)?[-+*/|&]?=[^=]/.test(lastLine)
    )
      return;
    let root = context.nodeAt(0, unit.code.length);
    while (root?.parent) root = root.parent;
    if (!root) return;
    const expression = displayedExpression(unit, root);
    if (!expression) return;
    const fn = expression.type === 'call' ? expression.childForFieldName('function') : null;
    if (fn && NO_OUTPUT.test(context.qualifiedName(fn) ?? '')) return;
    const data = context.personalData(expression);
    if (data) report(expression, data, context, 'The last expression of this cell');
  },
});

/** The last line with a non-space character, whole (a scan from the end: the regex it replaces backtracked over every line). */
function lastNonBlankLine(code: string): string {
  let end = code.length;
  while (end > 0 && /\s/.test(code[end - 1])) end--;
  if (end === 0) return '';
  const start = code.lastIndexOf('\n', end - 1) + 1;
  const lineEnd = code.indexOf('\n', end);
  return code.slice(start, lineEnd === -1 ? code.length : lineEnd);
}
