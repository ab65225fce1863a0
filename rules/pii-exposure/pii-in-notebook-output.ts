import { defineRule } from '../../server/src/engine/api';
import { clearOutputFix, describeCounts, findPii, mimeName, outputAnchor } from '../../server/src/engine/secrets';

export default defineRule({
  id: 'pii-in-notebook-output',
  category: 'pii-exposure',
  severity: 'warning',
  cwe: 359,
  message:
    'A saved cell output shows personal data (emails, phone numbers, SSNs, card numbers, IBANs, IP addresses): it is stored in the notebook and shared with it. Clear the output, or mask the data before displaying it.',
  fixable: true,
  textKinds: ['notebook'],
  docs: {
    what: 'Reads the saved outputs of each notebook cell (printed text, `df.head()` tables as text and HTML, JSON, tracebacks; images skipped) and counts literal personal data: email addresses, phone numbers, US social security numbers, payment card numbers (Luhn-checked, known issuer prefixes), IBANs (mod-97 checked) and public IPv4 addresses (private, loopback and documentation ranges excluded; one address alone is not reported, as it is usually a server). The message gives the counts, never the values.',
    why: "Exploring a customer table with `df.head()` or `print(sample)` stores real people's data in the `.ipynb`. The notebook is then committed, shared, uploaded to Kaggle or rendered on GitHub, which is a disclosure of personal data under GDPR, HIPAA or PCI DSS even though the dataset itself was protected.",
    fix: 'Clear the output (quick fix; `secure-ml scan --fix` in the CLI) and display masked or synthetic data instead: drop or hash the identifying columns before `head()`, or use `df.sample()` on a de-identified copy. Strip outputs before committing (`nbstripout`).',
    example: {
      bad: 'df = pd.read_csv("customers.csv")\ndf.head()   # saved output shows names, emails, phones',
      good: 'df = pd.read_csv("customers.csv")\ndf.drop(columns=["email", "phone"]).head()',
    },
    references: ['https://cwe.mitre.org/data/definitions/359.html', 'https://gdpr-info.eu/art-4-gdpr/'],
  },
  onText(unit, context) {
    if (unit.outputs.length === 0) return;
    // one finding per output: an HTML table and its text/plain twin are the same data
    const seenOutputs = new Set<number>();
    for (const output of unit.outputs) {
      if (seenOutputs.has(output.output)) continue;
      const matches = findPii(output.text);
      const ips = new Set(matches.filter((m) => m.kind === 'ipv4').map((m) => m.value));
      const counted = ips.size >= 2 ? matches : matches.filter((m) => m.kind !== 'ipv4');
      if (counted.length === 0) continue;
      seenOutputs.add(output.output);
      const firstLine = output.text.slice(0, counted[0].start).split('\n').length - 1;
      context.report({
        range: outputAnchor(unit),
        message: `The saved output of cell ${unit.index + 1} (${mimeName(output.mime)}) shows personal data: ${describeCounts(counted)}. Clear the output, or mask the data before displaying it.`,
        origin: { kind: 'output', output: output.output, line: firstLine },
        fixes: [clearOutputFix(unit)],
      });
    }
  },
});
