import { defineRule, type Node } from '../../server/src/engine/api';
import { LOG_LEVELS, PRINT_CALLS, secretExpression, secretsReaching } from '../../server/src/engine/secrets/expressions';

const LOG_METHODS = LOG_LEVELS;
const LOGGER_RECEIVER = /(?:^|[._])(?:log|logger|logging|LOGGER|LOG|_logger|_log|console|rich_console)$/i;

export default defineRule({
  id: 'secret-printed',
  category: 'secret-exposure',
  severity: 'warning',
  cwe: 532,
  message: 'A secret is printed or logged: it ends up in the saved notebook output, the job log or the log aggregator. Print whether it is set, or a redacted form.',
  docs: {
    what: 'Finds `print`, `pprint`, `display`, `logging`/logger calls, `warnings.warn` and `sys.stdout.write` whose arguments carry a secret unchanged (directly, in an f-string, concatenated or formatted): the whole environment (`print(os.environ)`, `dict(os.environ)`), an environment variable with a credential name (`os.getenv("OPENAI_API_KEY")`, `os.environ["HF_TOKEN"]`), a name that holds one according to the resolver (`key = os.environ["WANDB_API_KEY"]`; `password = getpass()`; a hard-coded token), or a parameter or attribute with an unambiguous secret name (`api_key`, `self.db_password`). In notebooks, a cell whose last line is such a value displays it too. `api_key[:4]`, `len(token)`, `token is not None`, `bool(key)` and loop variables named `token` are left alone.',
    why: 'Printing a key to check that it loaded is the most common way keys leak from ML work: the output is saved in the `.ipynb` and shared with it, CI and training-job logs are kept and widely readable, and log aggregators index every line. Code review does not catch it because the key is not in the source.',
    fix: 'Print whether the secret is there, not its value: `print("OPENAI_API_KEY" in os.environ)`, or a redacted form (`key[:4] + "…"`). Never print `os.environ`; print the variables you need by name. Clear notebook outputs that already show a secret, and rotate it.',
    example: {
      bad: 'import os\nprint(os.getenv("OPENAI_API_KEY"))',
      good: 'import os\nprint("OPENAI_API_KEY set:", "OPENAI_API_KEY" in os.environ)',
    },
    references: ['https://cwe.mitre.org/data/definitions/532.html', 'https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/'],
  },
  calls: [...PRINT_CALLS, 'warnings.warn', ...LOG_METHODS.map((m) => `logging.${m}`), ...LOG_METHODS.map((m) => `*.${m}`)],
  onCall(call, context) {
    const isLogMethod = LOG_METHODS.includes(call.method) && !(call.callee ?? '').startsWith('logging.');
    if (isLogMethod) {
      // a method named info/error/... is a logger's when its receiver is one (`logger`, `self.log`, `logging.getLogger()`)
      const receiver = call.receiver;
      const qualified = receiver ? (context.qualifiedName(receiver) ?? receiver.text) : '';
      if (!receiver || !(LOGGER_RECEIVER.test(receiver.text) || /logging\.getLogger\(\)|loguru\.logger/.test(qualified))) return;
    }
    const seen = new Set<number>();
    for (const argument of call.positional) {
      for (const secret of secretsReaching(argument, context)) {
        if (seen.has(secret.node.id)) continue;
        seen.add(secret.node.id);
        const verb = isLogMethod || (call.callee ?? '').startsWith('logging.') ? 'logged' : 'printed';
        context.report({
          node: secret.node,
          message: secret.wholeEnvironment
            ? `${describeCall(call.function)} ${verb === 'logged' ? 'logs' : 'prints'} every environment variable, API keys and tokens included: they end up in the saved output or the logs. Print only the variables you need, by name.`
            : `${capitalize(secret.description)} is ${verb} here: it ends up in the saved notebook output or the job logs. Print whether it is set, or a redacted form.`,
        });
      }
    }
  },
  textKinds: ['notebook'],
  onText(unit, context) {
    // a notebook cell whose last statement is a secret displays it as the cell's result
    if (unit.language !== 'python' || unit.cellType !== 'code') return;
    if (unit.code.trim().length === 0) return;
    let root: Node | null | undefined = context.nodeAt(0, 0);
    while (root?.parent) root = root.parent;
    const statements = (root?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
    const statement = statements[statements.length - 1];
    // `value;` suppresses the display
    if (!statement || statement.type !== 'expression_statement' || /^\s*;/.test(unit.code.slice(statement.endIndex))) return;
    const expression = statement.namedChild(0);
    if (!expression) return;
    const secret = secretExpression(expression, context);
    if (!secret) return;
    context.report({
      node: expression,
      message: secret.wholeEnvironment
        ? `The last line of cell ${unit.index + 1} displays every environment variable, API keys and tokens included, as the cell's result; it is saved in the notebook. Show only what you need.`
        : `The last line of cell ${unit.index + 1} displays ${secret.description} as the cell's result, which is saved in the notebook. End the cell with something else, or a redacted form.`,
    });
  },
});

function describeCall(fn: Node): string {
  return `\`${fn.text.length > 30 ? fn.text.slice(0, 30) + '…' : fn.text}()\``;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
