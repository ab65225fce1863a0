import { defineRule, stringParts, truthiness, type Node, type RuleContext, type UnitEdit } from '../../server/src/engine/api';

export default defineRule({
  id: 'hf-trust-remote-code',
  category: 'remote-code-execution',
  severity: 'error',
  cwe: 94,
  message: 'trust_remote_code=True downloads and runs Python code from the model or dataset repository; remove it, or pin a reviewed revision.',
  fixable: true,
  docs: {
    what: 'Finds `trust_remote_code=True` passed to any call (`from_pretrained`, `pipeline`, `AutoModel*`, `load_dataset`, sentence-transformers, vLLM...) or set in a kwargs dict.',
    why: 'With `trust_remote_code=True`, Hugging Face libraries import the `.py` files of the repository and run them in your process. Whoever controls the repository, now or after a later push, runs code on your machine with your credentials.',
    fix: 'Prefer a model whose architecture ships in `transformers`. If you need the custom code, read it, then pin the reviewed commit with `revision="<40-hex sha>"` so later pushes cannot change what runs, or vendor the code into your project.',
    example: {
      bad: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("org/model", trust_remote_code=True)',
      good: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("org/model", revision="5f1b3c0e9d7a4b2c8e6f0a1d3b5c7e9f1a2b4c6d")',
    },
    references: ['https://huggingface.co/docs/transformers/custom_models#using-a-model-with-custom-code'],
  },
  nodes: { types: ['keyword_argument', 'pair'], keywords: ['trust_remote_code'] },
  onNode(node, context) {
    if (node.type === 'keyword_argument') {
      if (node.childForFieldName('name')?.text !== 'trust_remote_code') return;
      const value = node.childForFieldName('value');
      if (!value) return;
      const truth = truthiness(context.valueOf(value));
      const call = node.parent?.parent;
      if (call?.type !== 'call') return;
      if (truth === 'false') return;
      if (truth === 'unknown') {
        context.report({ node, severity: 'info', message: 'trust_remote_code comes from a variable; when it is True, code from the model repository runs in this process. Pin a reviewed revision.' });
        return;
      }
      const site = context.callSite(call);
      const pinned = site.keyword('revision') ? context.valueOf(site.keyword('revision')!) : undefined;
      const isPinned = pinned?.kind === 'string' && /^[0-9a-f]{40}$/.test(pinned.value);
      context.report({
        node,
        severity: isPinned ? 'warning' : undefined,
        message: isPinned ? 'trust_remote_code=True runs code from the repository; the revision is pinned to a commit, so make sure that commit was reviewed.' : undefined,
        fixes: [{ title: 'Remove trust_remote_code=True (then pin a reviewed revision if the model needs its own code)', safe: false, edits: context.edits.removeArgument(site, node) }],
      });
      return;
    }
    // {"trust_remote_code": True} passed as model_kwargs / config
    const key = node.childForFieldName('key');
    const value = node.childForFieldName('value');
    if (key?.type !== 'string' || stringParts(key).text !== 'trust_remote_code' || !value) return;
    if (truthiness(context.valueOf(value)) !== 'true') return;
    context.report({ node, fixes: [{ title: 'Remove "trust_remote_code": True (then pin a reviewed revision if the model needs its own code)', safe: false, edits: [removePair(node, context)] }] });
  },
});

/** Removes a `key: value` pair from its dict literal with the comma that separates it. */
function removePair(pair: Node, context: RuleContext): UnitEdit {
  const siblings = (pair.parent?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
  const index = siblings.findIndex((c) => c.id === pair.id);
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  if (next) return context.edits.replaceRange(pair.startIndex, next.startIndex, '');
  if (previous) return context.edits.replaceRange(previous.endIndex, pair.endIndex, '');
  return context.edits.replace(pair, '');
}
