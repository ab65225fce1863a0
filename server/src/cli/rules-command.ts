import { Command } from 'commander';
import { allRules } from '../../../rules';
import { renderRuleText } from '../engine/docs';
import { CATEGORIES } from '../engine/types';
import { UsageError } from './exit';

/** `secure-ml rules [--explain ID]`: the catalogue (id, category, severity, fixable), or one rule's page. */
export function rulesCommand(): Command {
  return new Command('rules')
    .description('list the rules, or explain one')
    .option('--explain <id>', 'print the documentation page of a rule')
    .action((options: { explain?: string }) => {
      if (options.explain) {
        const rule = allRules.find((r) => r.id === options.explain);
        if (!rule) throw new UsageError(`no rule "${options.explain}"; run \`secure-ml rules\` to list them`);
        process.stdout.write(renderRuleText(rule));
        return;
      }
      const rows = [...allRules].sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || a.id.localeCompare(b.id));
      const width = Math.max(4, ...rows.map((r) => r.id.length));
      const categoryWidth = Math.max(8, ...rows.map((r) => r.category.length));
      process.stdout.write(`${'RULE'.padEnd(width)}  ${'CATEGORY'.padEnd(categoryWidth)}  SEVERITY  FIXABLE\n`);
      for (const rule of rows) process.stdout.write(`${rule.id.padEnd(width)}  ${rule.category.padEnd(categoryWidth)}  ${rule.severity.padEnd(8)}  ${rule.fixable ? 'yes' : 'no'}\n`);
    });
}
