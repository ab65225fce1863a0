import { defineRule, type CallSite, type Node, type RuleContext } from '../../server/src/engine/api';
import { classifyReference, revisionStatus } from '../lib/artifacts';

interface HubCall {
  /** Where the repository id is: positional index and keyword name. */
  position: number | undefined;
  keyword: string;
  dataset?: boolean;
  /** Bare names resolve to a Hub organisation (sentence-transformers). */
  shortNames?: boolean;
  what: string;
}

const DOWNLOADERS: Record<string, HubCall> = {
  'huggingface_hub.hf_hub_download': { position: 0, keyword: 'repo_id', what: 'hf_hub_download fetches this file' },
  'huggingface_hub.file_download.hf_hub_download': { position: 0, keyword: 'repo_id', what: 'hf_hub_download fetches this file' },
  'huggingface_hub.snapshot_download': { position: 0, keyword: 'repo_id', what: 'snapshot_download fetches this repository' },
  'huggingface_hub._snapshot_download.snapshot_download': { position: 0, keyword: 'repo_id', what: 'snapshot_download fetches this repository' },
  'datasets.load_dataset': { position: 0, keyword: 'path', dataset: true, what: 'load_dataset fetches this dataset' },
  'datasets.load_dataset_builder': { position: 0, keyword: 'path', dataset: true, what: 'load_dataset_builder fetches this dataset' },
  'transformers.pipeline': { position: 1, keyword: 'model', what: 'pipeline fetches this model' },
  'vllm.LLM': { position: 0, keyword: 'model', what: 'vLLM fetches this model' },
  'langchain_huggingface.HuggingFaceEmbeddings': { position: undefined, keyword: 'model_name', shortNames: true, what: 'HuggingFaceEmbeddings fetches this model' },
  'langchain_community.embeddings.HuggingFaceEmbeddings': { position: undefined, keyword: 'model_name', shortNames: true, what: 'HuggingFaceEmbeddings fetches this model' },
  'langchain.embeddings.HuggingFaceEmbeddings': { position: undefined, keyword: 'model_name', shortNames: true, what: 'HuggingFaceEmbeddings fetches this model' },
  'sentence_transformers.SentenceTransformer': { position: 0, keyword: 'model_name_or_path', shortNames: true, what: 'SentenceTransformer fetches this model' },
  'sentence_transformers.CrossEncoder': { position: 0, keyword: 'model_name', shortNames: true, what: 'CrossEncoder fetches this model' },
  'sentence_transformers.cross_encoder.CrossEncoder': { position: 0, keyword: 'model_name', shortNames: true, what: 'CrossEncoder fetches this model' },
};

function hubCallOf(call: CallSite): HubCall | undefined {
  const callee = call.callee ?? '';
  const known = DOWNLOADERS[callee];
  if (known) return known;
  if (call.method !== 'from_pretrained') return undefined;
  // PEFT adapters: PeftModel.from_pretrained(base_model, "org/adapter")
  if (/(^|\.)Peft\w*Model\w*\.from_pretrained$/.test(callee) && !/AutoPeft/.test(callee)) return { position: 1, keyword: 'model_id', what: 'from_pretrained fetches this adapter' };
  return { position: 0, keyword: 'pretrained_model_name_or_path', what: 'from_pretrained fetches this model' };
}

export default defineRule({
  id: 'hf-hub-unpinned-revision',
  category: 'unpinned-artifact',
  severity: 'warning',
  cwe: 494,
  message: 'This model or dataset is fetched from the Hugging Face Hub without a pinned revision, so whatever the repository holds at run time is used; pass revision="<40-hex commit sha>".',
  docs: {
    what: 'Finds Hugging Face Hub downloads that do not pin a commit: `from_pretrained` (transformers, diffusers, PEFT adapters, any class), `pipeline(model=...)`, `hf_hub_download`, `snapshot_download`, `load_dataset`, sentence-transformers models and `timm.create_model("hf_hub:...", pretrained=True)`, when the first argument is a Hub id (`org/name`, a legacy id such as `bert-base-uncased`, a Hub dataset such as `imdb`) and `revision=` is missing or names a branch or tag. Local paths (`./checkpoints/best`, `os.path.join(...)`, folders the program saves to), `local_files_only=True`, programs that set `HF_HUB_OFFLINE=1`, and revisions passed as variables (configuration) are not reported.',
    why: 'A Hub repository is mutable: its owner, or anyone who takes over the account, can push new weights, a new tokenizer or new data under the same name, and your training or serving code picks them up silently on the next run. Branches (`main`) and tags move; only a commit sha names fixed content. Pinning also makes results reproducible.',
    fix: 'Look up the commit of the version you reviewed (the "History" tab of the repository, or `huggingface_hub.model_info(id).sha`) and pass it: `revision="<40-hex sha>"`. Keep it in a constant or your config next to the model id.',
    example: {
      bad: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("google-bert/bert-base-uncased")',
      good: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("google-bert/bert-base-uncased", revision="86b5e0934494bd15c9632b12f734a8a67f723594")',
    },
    references: ['https://huggingface.co/docs/huggingface_hub/guides/download#from-specific-version', 'https://cwe.mitre.org/data/definitions/494.html'],
  },
  calls: ['*.from_pretrained', 'timm.create_model', ...Object.keys(DOWNLOADERS)],
  onCall(call, context) {
    if (call.callee === 'timm.create_model') {
      timmModel(call, context);
      return;
    }
    const hub = hubCallOf(call);
    if (!hub) return;
    if (call.flag('local_files_only') === 'true' || offline(context)) return;
    const argument = call.argument(hub.position, hub.keyword);
    if (!argument) return;
    const reference = classifyReference(argument, context, !!hub.dataset, !!hub.shortNames);
    if (reference.kind !== 'hub') return;
    const status = revisionStatus(call, context, 'revision', 'model_kwargs');
    if (status.kind === 'pinned' || status.kind === 'configured') return;
    const at: Node = argument;
    if (status.kind === 'moving') {
      report(context, call.keyword('revision') ?? at, `${hub.what} ("${reference.id}") at a moving revision: ${status.why}, so new pushes change what is downloaded. Pin the full 40-hex commit sha.`);
      return;
    }
    report(
      context,
      at,
      `${hub.what} ("${reference.id}") from the Hugging Face Hub without a pinned revision: whatever the repository holds at run time is used, including weights or data pushed later. Pass revision="<40-hex commit sha>".`,
    );
  },
});

/** `timm.create_model("hf_hub:org/name", pretrained=True)` always takes the latest commit. */
function timmModel(call: CallSite, context: RuleContext): void {
  const name = call.argument(0, 'model_name');
  const value = name ? context.valueOf(name) : undefined;
  if (value?.kind !== 'string' || !/^hf[-_]hub:/.test(value.value) || call.flag('pretrained') !== 'true') return;
  if (call.keyword('pretrained_cfg_overlay')) return;
  report(
    context,
    name!,
    `timm.create_model fetches "${value.value.replace(/^hf[-_]hub:/, '')}" from the Hugging Face Hub at its latest commit, so weights pushed later are used silently. Download the file with hf_hub_download(..., revision="<40-hex sha>") and pass pretrained_cfg_overlay=dict(file=path).`,
  );
}

/** The program sets `HF_HUB_OFFLINE=1` (or `TRANSFORMERS_OFFLINE` / `HF_DATASETS_OFFLINE`): nothing is downloaded. */
function offline(context: RuleContext): boolean {
  return context.document.units.some((u) => /\b(HF_HUB_OFFLINE|TRANSFORMERS_OFFLINE|HF_DATASETS_OFFLINE)["']?\s*\]?\s*[=,:]\s*["']?(1|true|yes|on)\b/i.test(u.text));
}

function report(context: RuleContext, node: Node, message: string): void {
  context.report({ node, message });
}
