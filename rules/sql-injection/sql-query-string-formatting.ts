import { defineRule, type CallSite, type Node, type RuleContext, type UnitEdit } from '../../server/src/engine/api';
import { fieldOrigin } from '../command-injection/notebook-shell-injection';
import { builtString, OriginWalker, staticTextOf, type Origin } from '../lib/flow';

/** Calls whose first argument is always SQL. */
const SQL_CALLS = [
  'pandas.read_sql',
  'pandas.read_sql_query',
  'sqlalchemy.text',
  'sqlalchemy.sql.text',
  'sqlalchemy.sql.expression.text',
  'duckdb.sql',
  'duckdb.query',
  'duckdb.execute',
  'polars.read_database',
  'polars.read_database_uri',
];
/** Methods that take SQL on any receiver (cursors, connections, engines, Spark and DuckDB sessions): reported when the text reads as SQL. */
const SQL_METHODS = ['execute', 'executemany', 'executescript', 'exec_driver_sql', 'sql', 'raw', 'read_sql', 'read_sql_query'];

const SQL_TEXT =
  /\b(select\b[\s\S]*\bfrom|insert\s+(or\s+\w+\s+)?into|update\s+[\w."`[\]]+\s+set|delete\s+from|create\s+(or\s+replace\s+)?(temp(orary)?\s+)?(table|view|index)|drop\s+(table|view|index)|alter\s+table|merge\s+into|replace\s+into|truncate\s+table|pragma\s|with\s+\w+\s+as\s*\()/i;

/** `{{ var }}` (JupySQL templates), `{var}` and `$var` (ipython-sql substitution). */
const SQL_MAGIC_FIELD = /\{\{\s*([^{}]+?)\s*\}\}|(?<![{$])\{([^{}\n]+)\}(?!\})|(?<!\$)\$([A-Za-z_]\w*)/g;

/** Values made safe for SQL text: numbers, identifier quoting, placeholder lists. */
const SQL_SANITIZERS = ['*.quote_identifier', '*.escape_string', '*.escape_identifier', '*.literal', 'sqlalchemy.sql.quoted_name', 'sqlalchemy.quoted_name'];

/** Values or helpers that say they quote or escape (`column_quoted`, `quote_identifier(...)`). */
const SQL_SAFE_NAMES = /(^|_)(quoted|escaped|sanitized|sanitised)$|quote|escape|sanitize|sanitise/i;
/** Names that hold SQL by design (`where_sql`, `clause`): composing fragments is not pasting a value, unless the fragment is raw input. */
const SQL_FRAGMENT_NAMES = /(^|_)(sql|query|clause|where|subquery|cte|order_by|group_by)$/i;

/** Driver module → placeholder for its paramstyle. */
const PARAMSTYLES: [string, string][] = [
  ['sqlite3.', '?'],
  ['duckdb.', '?'],
  ['psycopg2.', '%s'],
  ['psycopg.', '%s'],
  ['pymysql.', '%s'],
  ['MySQLdb.', '%s'],
  ['mysql.connector.', '%s'],
];

export default defineRule({
  id: 'sql-query-string-formatting',
  category: 'sql-injection',
  severity: 'error',
  cwe: 89,
  message: 'This SQL query is built by pasting values into the text; a value holding a quote rewrites the query. Pass the values as query parameters.',
  fixable: true,
  docs: {
    what: 'Finds SQL text built with f-strings, `+`, `%` or `.format()` from values that are not constants and passed to `cursor.execute`/`executemany`, `pandas.read_sql`/`read_sql_query`, SQLAlchemy `text()`/`exec_driver_sql`, `spark.sql`, DuckDB `sql`/`query`/`execute` and Polars `read_database`. Parts from parameters, input, requests, files or data are errors; other run-time parts, or queries that also pass parameters (the formatted parts are then usually table names), are warnings. In notebooks, `%sql` lines and `%%sql` cells (ipython-sql, JupySQL) that paste a value from data or input with `{var}`, `{{var}}` or `$var` are reported too (`:var` binds it safely). Constant tables and columns (`f"SELECT * FROM {TABLE}"` with `TABLE = "events"`), numbers (`int(...)`, `len(...)`), placeholder lists (`",".join("?" * len(ids))`) and parameterised queries are not reported.',
    why: "A value such as `x' OR 1=1 --` or `1; DROP TABLE users` changes what the query does: it reads other users' rows, deletes training data or, with some drivers, runs several statements. Feature pipelines often build SQL from config, request fields or dataframe values, all of which can carry such text.",
    fix: 'Keep the SQL constant and pass the values separately: `cur.execute("SELECT * FROM users WHERE id = ?", (user_id,))` (sqlite3, DuckDB), `%s` for psycopg2/PyMySQL, `pd.read_sql(sql, con, params=...)`, `text("... = :id")` with `{"id": user_id}`. Table and column names cannot be parameters: check them against an allow-list. The fix rewrites f-strings passed to sqlite3, DuckDB, psycopg2 and PyMySQL cursors when every formatted value sits where a parameter may go.',
    example: {
      bad: 'import sqlite3\ncon = sqlite3.connect("app.db")\n\ndef user_rows(user_id):\n    return con.execute(f"SELECT * FROM users WHERE id = {user_id}").fetchall()',
      good: 'import sqlite3\ncon = sqlite3.connect("app.db")\n\ndef user_rows(user_id):\n    return con.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchall()',
    },
    references: ['https://docs.python.org/3/library/sqlite3.html#sqlite3-placeholders', 'https://cwe.mitre.org/data/definitions/89.html', 'https://owasp.org/www-community/attacks/SQL_Injection'],
  },
  calls: [...SQL_CALLS, ...SQL_METHODS.map((m) => `*.${m}`)],
  textKinds: ['notebook'],
  onText(unit, context) {
    // ipython-sql / JupySQL: `%sql ... {var}` and `%%sql` cells paste `{var}`, `{{var}}` and `$var` into the query; `:var` is a bound parameter
    // a `%%sql` cell is not Python (its unit is text) but keeps its magic
    if (unit.magics.length === 0) return;
    const walker = new OriginWalker(context, { sanitizers: SQL_SANITIZERS, safeNames: SQL_SAFE_NAMES, trustedUnlessInput: SQL_FRAGMENT_NAMES });
    for (const magic of unit.magics) {
      if (magic.name !== 'sql') continue;
      const span = unit.text.slice(magic.startOffset, magic.endOffset);
      if (!SQL_TEXT.test(span)) continue;
      SQL_MAGIC_FIELD.lastIndex = 0;
      for (let match = SQL_MAGIC_FIELD.exec(span); match; match = SQL_MAGIC_FIELD.exec(span)) {
        const expression = (match[1] ?? match[2] ?? match[3]).trim();
        if (fieldOrigin(expression, magic.startOffset, unit, context, walker) !== 'input') continue;
        const start = magic.startOffset + match.index;
        context.report({
          range: unit.lines.rangeOf(start, start + match[0].length),
          message: `This %sql query pastes \`${expression}\`, which comes from data or user input, into the SQL text; a quote in it rewrites the query. Bind it as a parameter instead: :${/^[A-Za-z_]\w*$/.test(expression) ? expression : 'name'}.`,
        });
      }
    }
  },
  onCall(call, context) {
    const callee = call.callee ?? '';
    const explicit = SQL_CALLS.includes(callee);
    if (!explicit && !SQL_METHODS.includes(call.method)) return;
    const query = call.argument(0) ?? call.keyword('sql') ?? call.keyword('query') ?? call.keyword('sqlQuery') ?? call.keyword('statement');
    if (!query) return;
    const built = builtString(query, context);
    if (!built) return;
    const text = staticTextOf(built, context);
    if (!SQL_TEXT.test(text)) return;
    const walker = new OriginWalker(context, { sanitizers: SQL_SANITIZERS, safeNames: SQL_SAFE_NAMES, trustedUnlessInput: SQL_FRAGMENT_NAMES });
    const parts = walker.parts(built.type === 'augmented_assignment' ? built.childForFieldName('right')! : built).filter((p) => !isPlaceholderList(p.node));
    if (parts.length === 0) return;
    // pandas.read_sql(sql, con, index_col, coerce_float, params): the second argument is the connection
    const paramsPosition = callee.startsWith('pandas.') || call.method === 'read_sql' || call.method === 'read_sql_query' ? 4 : callee.startsWith('polars.') ? 99 : 1;
    const hasParams = call.positional.length > paramsPosition || !!call.keyword('params') || !!call.keyword('parameters') || !!call.keyword('args') || !!call.keyword('execute_options');
    const origin: Origin = parts.some((p) => p.origin === 'input') ? 'input' : 'dynamic';
    const names = parts.map((p) => `\`${p.node.text.length > 30 ? p.node.text.slice(0, 27) + '...' : p.node.text}\``).join(', ');
    context.report({
      node: query,
      severity: origin === 'input' && !hasParams ? 'error' : 'warning',
      message: hasParams
        ? `This query passes parameters but also formats ${names} into the SQL text; if that is a table or column name, check it against an allow-list, otherwise pass it as a parameter.`
        : origin === 'input'
          ? `This SQL query pastes ${names} into the text, and that value comes from outside (a parameter, request, file or data); a quote in it rewrites the query. Pass it as a query parameter.`
          : `This SQL query pastes ${names} into the text; if it can hold a quote it rewrites the query. Pass values as query parameters, and check table or column names against an allow-list.`,
      fixes: hasParams ? [] : parameterFix(call, query, built, walker, context),
    });
  },
});

/** `",".join("?" * len(ids))`, `", ".join(["%s"] * n)`: placeholders, not values. */
function isPlaceholderList(node: Node): boolean {
  return /\bjoin\b/.test(node.text) && /(['"])(\?|%s|:\w+)\1/.test(node.text);
}

function placeholderFor(call: CallSite, context: RuleContext): string | undefined {
  let qualified = call.callee ?? '';
  if (qualified === 'pandas.read_sql' || qualified === 'pandas.read_sql_query') {
    const con = call.argument(1, 'con');
    qualified = con ? (context.qualifiedName(con) ?? '') : '';
  }
  return PARAMSTYLES.find(([prefix]) => qualified.startsWith(prefix))?.[1];
}

/** Rewrites `execute(f"... = {x}")` to `execute("... = ?", (x,))` when every formatted value is in a value position. */
function parameterFix(call: CallSite, query: Node, built: Node, walker: OriginWalker, context: RuleContext) {
  if (built.id !== query.id || built.type !== 'string') return [];
  const placeholder = placeholderFor(call, context);
  if (!placeholder) return [];
  const start = built.child(0);
  const end = built.child(built.childCount - 1);
  if (start?.type !== 'string_start' || end?.type !== 'string_end') return [];
  const prefix = start.text.replace(/['"]+$/, '');
  const quote = start.text.slice(prefix.length);
  const segments: ({ text: string } | { field: Node; expression: Node })[] = [];
  for (const child of built.children) {
    if (!child || child.type === 'string_start' || child.type === 'string_end') continue;
    if (child.type === 'interpolation') {
      const expression = child.childForFieldName('expression') ?? child.namedChild(0);
      if (!expression) return [];
      segments.push({ field: child, expression });
    } else segments.push({ text: child.text });
  }
  let body = '';
  let keepsFields = false;
  let dropQuote: string | undefined;
  const values: string[] = [];
  for (const segment of segments) {
    if ('text' in segment) {
      let text = segment.text;
      if (dropQuote) {
        if (!text.startsWith(dropQuote)) return [];
        text = text.slice(1);
        dropQuote = undefined;
      }
      if (placeholder === '%s' && text.includes('%')) return [];
      body += text;
      continue;
    }
    if (dropQuote) return [];
    const { field, expression } = segment;
    if (walker.of(expression) === 'constant') {
      body += field.text;
      keepsFields = true;
      continue;
    }
    if (field.namedChildren.some((c) => c?.type === 'type_conversion' || c?.type === 'format_specifier')) return [];
    const quoted = /(['"])$/.exec(body);
    if (quoted) {
      // `'{value}'`: the quotes go, the placeholder stands for the whole literal
      body = body.slice(0, -1);
      dropQuote = quoted[1];
    } else if (!/(=|<>|!=|<|>|\blike|\bin\s*\(|,|\(|\bvalues\s*\(|\blimit|\boffset|\bbetween|\band)\s*$/i.test(body)) {
      return [];
    }
    body += placeholder;
    values.push(expression.text);
  }
  if (dropQuote || values.length === 0) return [];
  const newPrefix = keepsFields ? prefix : prefix.replace(/f/i, '');
  const tuple = values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
  // pandas takes the connection second; duckdb.sql/query take an alias second: both name `params`
  const pandas = call.callee === 'pandas.read_sql' || call.callee === 'pandas.read_sql_query' || ((call.method === 'sql' || call.method === 'query') && (call.callee ?? '').startsWith('duckdb'));
  const edits: UnitEdit[] = [context.edits.replace(built, `${newPrefix}${quote}${body}${quote}`)];
  if (pandas) {
    const more = context.edits.setKeyword(call, 'params', tuple);
    if (!more) return [];
    edits.push(...more);
  } else {
    edits.push(context.edits.insertAt(query.endIndex, `, ${tuple}`));
  }
  return [{ title: `Pass ${values.join(', ')} as query parameters`, safe: true, edits }];
}
