import { defineRule, type UnitEdit } from '../../server/src/engine/api';

/** Loaders that cannot build arbitrary Python objects (FullLoader lost that power in PyYAML 5.4). */
const SAFE_LOADERS = new Set([
  'yaml.SafeLoader',
  'yaml.CSafeLoader',
  'yaml.BaseLoader',
  'yaml.CBaseLoader',
  'yaml.FullLoader',
  'yaml.CFullLoader',
  'yaml.loader.SafeLoader',
  'yaml.loader.BaseLoader',
  'yaml.loader.FullLoader',
]);

export default defineRule({
  id: 'yaml-load-unsafe',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: 'yaml.load with an unsafe loader can build arbitrary Python objects and run code from the YAML; use yaml.safe_load.',
  fixable: true,
  docs: {
    what: 'Finds `yaml.load`/`yaml.load_all` without a safe `Loader`, and `yaml.unsafe_load`/`yaml.unsafe_load_all`.',
    why: "PyYAML's full `Loader` and `UnsafeLoader` turn tags such as `!!python/object/apply:os.system` into function calls, so a config, dataset card or experiment file written by someone else can run commands when it is loaded.",
    fix: 'Use `yaml.safe_load` (or `yaml.safe_load_all`), or pass `Loader=yaml.SafeLoader`. Safe loading still reads every plain YAML value.',
    example: { bad: 'import yaml\nconfig = yaml.load(open("config.yaml"), Loader=yaml.Loader)', good: 'import yaml\nconfig = yaml.safe_load(open("config.yaml"))' },
    references: ['https://pyyaml.org/wiki/PyYAMLDocumentation', 'https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation'],
  },
  calls: ['yaml.load', 'yaml.load_all', 'yaml.unsafe_load', 'yaml.unsafe_load_all'],
  onCall(call, context) {
    const callee = call.callee ?? '';
    const all = callee.endsWith('_all');
    const safeName = all ? 'safe_load_all' : 'safe_load';
    let loaderArgument = undefined;
    if (callee === 'yaml.load' || callee === 'yaml.load_all') {
      loaderArgument = call.argument(1, 'Loader');
      const loader = loaderArgument ? context.valueOf(loaderArgument) : undefined;
      if (loader?.kind === 'name' && SAFE_LOADERS.has(loader.qualified)) return;
      if (loader && loader.kind !== 'name') {
        context.report({ node: call.node, severity: 'warning', message: `${callee} gets its Loader from a variable; make sure it is yaml.SafeLoader, or call yaml.${safeName}.` });
        return;
      }
    }
    const edits: UnitEdit[] = [];
    if (call.function.type === 'attribute') {
      const name = call.function.childForFieldName('attribute');
      if (name) edits.push(context.edits.replace(name, safeName));
    } else {
      const { edits: importEdits, reference } = context.edits.ensureImport('yaml', safeName);
      edits.push(...importEdits, context.edits.replace(call.function, reference));
    }
    if (loaderArgument) {
      const argumentNode = call.keywordArgument('Loader') ?? loaderArgument;
      edits.push(...context.edits.removeArgument(call, argumentNode));
    }
    const message = callee.startsWith('yaml.unsafe')
      ? `${callee} builds arbitrary Python objects and can run code from the YAML; use yaml.${safeName}.`
      : loaderArgument
        ? undefined
        : `${callee} without a Loader uses the unsafe loader on old PyYAML (and fails on PyYAML 6); use yaml.${safeName}.`;
    context.report({ node: call.node, message, fixes: [{ title: `Use yaml.${safeName}`, safe: true, edits }] });
  },
});
