import { defineRule } from '../../server/src/engine/api';
import { advice, describeData, firstPersonal, maskFix, isTestFile } from './personal-data';

const PRINTERS = [
  'print',
  'pprint.pprint',
  'pprint.pp',
  'sys.stdout.write',
  'sys.stderr.write',
  'click.echo',
  'click.secho',
  'typer.echo',
  'rich.print',
  'rich.pretty.pprint',
  'tqdm.tqdm.write',
  'tqdm.write',
];

export default defineRule({
  id: 'pii-printed',
  category: 'pii-exposure',
  severity: 'warning',
  cwe: 359,
  message: 'print shows personal data in the console, CI logs and saved notebook outputs; drop or mask those columns first.',
  fixable: true,
  docs: {
    what: 'Finds `print` (and `pprint`, `sys.stdout.write`, `click.echo`, `rich.print`) of personal data: tables, columns, rows or f-strings that hold columns named like personal data (email, phone, ssn, date of birth, names, addresses, card and bank numbers...), traced through assignments and notebook cells. See [personal data](../personal-data.md) for the model and the `sensitive-columns` setting.',
    why: "Printed values end up where nobody controls who reads them: terminal scroll-back, CI and job logs kept for months, and notebook outputs saved into the `.ipynb` and pushed to git. A `print(df.head())` of a customer table leaks real people's contact details to everyone who opens the notebook.",
    fix: 'Print what you need to see without the identifying columns: `df.drop(columns=[...]).head()`, aggregates (`df.describe()`, `df.shape`, `value_counts()` of non-identifying columns), or mask the values first. The fix shows a DataFrame without the personal columns (`.drop(columns=[...], errors="ignore")`) and replaces any other value with `mask_pii(...)`, a small helper that shows `***`; in a notebook it also clears the cell\'s saved outputs.',
    example: {
      bad: 'import pandas as pd\ncustomers = pd.read_csv("customers.csv", usecols=["email", "phone", "plan"])\nprint(customers.head())',
      good: 'import pandas as pd\ncustomers = pd.read_csv("customers.csv", usecols=["email", "phone", "plan"])\nprint(customers.drop(columns=["email", "phone"]).head())',
    },
    references: ['https://cwe.mitre.org/data/definitions/359.html'],
  },
  calls: PRINTERS,
  onCall(call, context) {
    if (isTestFile(context.document.path)) return;
    const file = call.keyword('file');
    if (file && !/^sys\.(stdout|stderr)$/.test(context.qualifiedName(file) ?? '')) return; // print(..., file=f) writes a file
    const found = firstPersonal(call.positional, context);
    if (!found) return;
    const fix = maskFix(found.node, found.data, context);
    context.report({
      node: call.node,
      message: `${(call.callee ?? call.method).split('.').pop()} shows ${describeData(found.data)} in the console, CI logs and saved notebook outputs; ${advice(found.data)}.`,
      fixes: fix ? [fix] : [],
    });
  },
});
