import { defineRule, type CallSite } from '../../server/src/engine/api';
import { describeData, firstPersonal, maskFix, isTestFile } from './personal-data';

const LEVELS = ['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'trace', 'success'];
/** Receivers that are loggers by name: `logger`, `log`, `self.logger`, `LOGGER`, `_log`, `app.logger`. */
const LOGGER_NAME = /(?:^|\.)_*(?:log|logger|logging|[a-z_]*_logger|logger_[a-z_]*)$/i;

const LOGGING_CALLEE = /^(?:logging|loguru\.logger|logging\.getLogger\(\)|logging\.LoggerAdapter\(\)|structlog\.get_logger\(\)|structlog\.getLogger\(\))\.\w+$/;

function isLoggingCall(call: CallSite): boolean {
  if (LOGGING_CALLEE.test(call.callee ?? '')) return true;
  return !!call.receiver && LOGGER_NAME.test(call.receiver.text.replace(/\s+/g, ''));
}

export default defineRule({
  id: 'pii-logged',
  category: 'pii-exposure',
  severity: 'warning',
  cwe: 532,
  message: 'This log call writes personal data into log files and log services; log an id or a count instead.',
  fixable: true,
  docs: {
    what: 'Finds `logging` / `logger.*` / `loguru` / `structlog` calls whose message, arguments or `extra=` carry personal data: values named like personal data (`user_email`, `record["ssn"]`) or tables, columns and rows that hold such columns. See [personal data](../personal-data.md).',
    why: 'Logs are copied to files, aggregators and third-party services, kept for a long time and read by many people; they are rarely covered by the deletion and access rules that protect the database. An email or a phone number in a log line is a data leak that outlives the request.',
    fix: 'Log a stable non-identifying key (a row index, an internal id, a keyed hash) or a count instead of the value; if the value is needed for debugging, mask it. The fix shows a DataFrame without the personal columns (`.drop(columns=[...], errors="ignore")`) and replaces any other value with `mask_pii(...)`, a small helper that shows `***`.',
    example: {
      bad: 'import logging\nlogger = logging.getLogger(__name__)\nfor _, row in users.iterrows():\n    logger.info("scoring %s", row["email"])',
      good: 'import logging\nlogger = logging.getLogger(__name__)\nfor index, row in users.iterrows():\n    logger.info("scoring row %s", index)',
    },
    references: ['https://cwe.mitre.org/data/definitions/532.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude'],
  },
  calls: [...LEVELS.map((level) => `*.${level}`), ...LEVELS.map((level) => `logging.${level}`)],
  onCall(call, context) {
    if (isTestFile(context.document.path)) return;
    if (!isLoggingCall(call)) return;
    const values = call.method === 'log' ? call.positional.slice(1) : [...call.positional];
    const extra = call.keyword('extra');
    const found = firstPersonal([...values, extra], context);
    if (!found) return;
    const fix = found.node === extra ? undefined : maskFix(found.node, found.data, context);
    context.report({
      node: call.node,
      message: `This log call writes ${describeData(found.data)} into log files and log services; log an id or a count instead, or mask it.`,
      fixes: fix ? [fix] : [],
    });
  },
});
