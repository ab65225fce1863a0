import { defineRule, specRequiresAtLeast } from '../../server/src/engine/api';

export default defineRule({
  id: 'torch-load-unsafe',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: 'torch.load unpickles the file and can run arbitrary code from a malicious checkpoint; pass weights_only=True.',
  fixable: true,
  docs: {
    what: 'Finds `torch.load` calls that do not pass `weights_only=True`, or pass `weights_only=False`, through any alias, and `torch.hub.load_state_dict_from_url` / `torch.utils.model_zoo.load_url` without `weights_only=True`. `weights_only` from a variable or `**kwargs` is a warning; when the project pins torch >= 2.6 (requirements*.txt, pyproject.toml), where the default is True, a call without the argument is info.',
    why: 'A PyTorch checkpoint is a pickle. Without `weights_only=True`, loading one runs whatever code the file asks for, so a model downloaded from a hub, a shared drive or a colleague can take over the machine that loads it. torch 2.6 made `weights_only=True` the default, but code that passes `False`, or runs on an older torch, is exposed.',
    fix: 'Pass `weights_only=True`; it loads tensors, state dicts and plain containers. If a checkpoint holds other objects, save a state dict instead, or allow-list the classes with `torch.serialization.add_safe_globals`. `torch.jit.load` is not pickle and is not reported.',
    example: {
      bad: 'import torch\nstate = torch.load("model.pt")',
      good: 'import torch\nstate = torch.load("model.pt", weights_only=True)',
    },
    references: ['https://pytorch.org/docs/stable/generated/torch.load.html', 'https://cwe.mitre.org/data/definitions/502.html'],
  },
  calls: ['torch.load', 'torch.hub.load_state_dict_from_url', 'torch.utils.model_zoo.load_url'],
  onCall(call, context) {
    const flag = call.flag('weights_only');
    if (flag === 'true') return;
    const fix = () => {
      const edits = context.edits.setKeyword(call, 'weights_only', 'True');
      return edits ? [{ title: 'Pass weights_only=True to torch.load', safe: true, edits }] : [];
    };
    const fromUrl = call.callee !== 'torch.load';
    if (fromUrl && flag === 'absent') {
      // these pass weights_only=False to torch.load unless told otherwise
      context.report({
        node: call.node,
        message: `${call.method} downloads the file and unpickles it (its weights_only defaults to False), so a tampered download runs arbitrary code; pass weights_only=True.`,
        fixes: fix(),
      });
      return;
    }
    if (flag === 'false') {
      context.report({
        node: call.keywordArgument('weights_only') ?? call.node,
        message: 'weights_only=False makes torch.load unpickle the file, which can run arbitrary code; use weights_only=True.',
        fixes: fix(),
      });
      return;
    }
    if (flag === 'unknown') {
      context.report({ node: call.node, severity: 'warning', message: 'torch.load gets weights_only from a variable or **kwargs; make sure it is True when the file may come from someone else.' });
      return;
    }
    const pinned = specRequiresAtLeast(context.project.requirement('torch'), '2.6');
    if (pinned) {
      context.report({
        node: call.node,
        severity: 'info',
        message: 'torch.load without weights_only: this project pins torch >= 2.6, where it defaults to True; pass weights_only=True so older installs stay safe.',
        fixes: fix(),
      });
      return;
    }
    context.report({ node: call.node, fixes: fix() });
  },
});
