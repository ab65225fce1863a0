import { defineRule } from '../../server/src/engine/api';
import { refStatus } from '../lib/artifacts';

/** Publishers whose hub repositories ship with PyTorch itself. */
const OFFICIAL_OWNERS = new Set(['pytorch']);

export default defineRule({
  id: 'torch-hub-load-unpinned',
  category: 'remote-code-execution',
  severity: 'error',
  cwe: 494,
  message: 'torch.hub.load imports hubconf.py from a third-party GitHub repository and runs it; pin the repository to a reviewed commit ("owner/repo:<40-hex sha>").',
  docs: {
    what: 'Finds `torch.hub.load`, `torch.hub.list` and `torch.hub.help` on a third-party GitHub repository (`"owner/repo"` or `"owner/repo:ref"`) whose ref is not a full commit sha. A ref that is a branch or tag is a warning; no ref at all is an error. `source="local"`, repositories of the `pytorch` organisation, and repositories given as variables are not reported.',
    why: '`torch.hub.load` downloads the repository and imports its `hubconf.py`, which can run any Python code, and then usually downloads pickled weights. Without a ref it takes the default branch as it is at that moment, so a push to that repository, or a takeover of its owner account, runs new code in your training job or service. Branches and tags can be moved; only a commit sha names fixed code. `trust_repo=True` skips the only prompt.',
    fix: 'Review the repository at a commit and pin it: `torch.hub.load("owner/repo:<40-hex sha>", "model")`. Better, vendor the model code into your project (or install the package) and load weights with `torch.load(..., weights_only=True)` or safetensors.',
    example: {
      bad: 'import torch\nmodel = torch.hub.load("ultralytics/yolov5", "yolov5s")',
      good: 'import torch\nmodel = torch.hub.load("ultralytics/yolov5:d3ea0df8b9f923685ce5f2555c303b8eddbf83fd", "yolov5s")',
    },
    references: ['https://pytorch.org/docs/stable/hub.html#torch.hub.load', 'https://cwe.mitre.org/data/definitions/494.html'],
  },
  calls: ['torch.hub.load', 'torch.hub.list', 'torch.hub.help'],
  onCall(call, context) {
    const source = call.argumentValue(undefined, 'source');
    if (source?.kind === 'string' && source.value === 'local') return;
    if (source && source.kind !== 'string') return; // chosen at run time: may be a local directory
    const repoValue = call.argumentValue(0, 'repo_or_dir') ?? call.argumentValue(undefined, 'github');
    if (repoValue?.kind !== 'string') return;
    const match = /^([\w.-]+)\/([\w.-]+)(?::(.+))?$/.exec(repoValue.value.trim());
    if (!match) return;
    const [, owner, repo, ref] = match;
    if (OFFICIAL_OWNERS.has(owner.toLowerCase())) return;
    const name = (call.callee ?? 'torch.hub.load').replace(/^torch\.hub\./, 'torch.hub.');
    const trust = call.flag('trust_repo') === 'true' ? ' (trust_repo=True also skips the confirmation prompt)' : '';
    if (!ref) {
      context.report({
        node: call.argument(0, 'repo_or_dir') ?? call.node,
        message: `${name} imports hubconf.py from the default branch of github.com/${owner}/${repo} and runs it${trust}; any later push to that repository runs new code here. Pin a reviewed commit: "${owner}/${repo}:<40-hex sha>".`,
      });
      return;
    }
    const status = refStatus(ref);
    if (status.kind !== 'moving') return;
    context.report({
      node: call.argument(0, 'repo_or_dir') ?? call.node,
      severity: 'warning',
      message: `${name} imports hubconf.py from github.com/${owner}/${repo} and runs it${trust}; ${status.why}, so the code that runs can change. Pin the full 40-hex commit sha.`,
    });
  },
});
