import { defineRule, type CallSite, type Node, type RuleContext } from '../../server/src/engine/api';
import { argumentValues, columnList, describeData, firstPersonal, isTestFile } from './personal-data';

const MLFLOW = ['log_param', 'log_params', 'log_dict', 'log_table', 'log_text', 'set_tag', 'set_tags'];
const COMET = ['log_table', 'log_dataframe_profile', 'log_text', 'log_other', 'log_others', 'log_parameter', 'log_parameters', 'log_html'];

/** Experiment-tracker calls that upload what they are given to the tracking server. */
export const TRACKER_CALLS = [
  'wandb.log',
  'wandb.Table',
  'wandb.init().log',
  'wandb.run.log',
  'wandb.summary.update',
  'wandb.Html',
  ...MLFLOW.map((m) => `mlflow.${m}`),
  ...MLFLOW.map((m) => `mlflow.MlflowClient().${m}`),
  ...MLFLOW.map((m) => `mlflow.tracking.MlflowClient().${m}`),
  ...COMET.map((m) => `comet_ml.Experiment().${m}`),
  ...COMET.map((m) => `comet_ml.start().${m}`),
  'clearml.Task.init().get_logger().report_table',
  'clearml.Task.init().get_logger().report_text',
  'clearml.Logger.current_logger().report_table',
  'torch.utils.tensorboard.SummaryWriter().add_text',
  'tensorboardX.SummaryWriter().add_text',
];

/** Methods of a neptune run field (`run["eval/predictions"].upload(...)`). */
const NEPTUNE_METHODS = ['upload', 'append', 'extend', 'log', 'assign'];

function isNeptuneField(call: CallSite, context: RuleContext): boolean {
  const receiver = call.receiver;
  if (receiver?.type !== 'subscript' || !NEPTUNE_METHODS.includes(call.method)) return false;
  let run: Node | null = receiver;
  while (run?.type === 'subscript') run = run.childForFieldName('value');
  const qualified = run ? (context.qualifiedName(run) ?? '') : '';
  return /^neptune(?:\.\w+)*\.(?:init_run|init|init_model|init_model_version|Run)\(\)$/.test(qualified);
}

export default defineRule({
  id: 'pii-sent-to-tracker',
  category: 'pii-exposure',
  severity: 'warning',
  cwe: 359,
  message: 'This uploads personal data to the experiment tracker, where everyone with access to the project can read it; log aggregates or drop those columns first.',
  docs: {
    what: 'Finds personal data passed to experiment trackers: `wandb.log` / `run.log` / `wandb.Table`, `mlflow.log_table` / `log_dict` / `log_text` / `log_param(s)` / `set_tag(s)`, Comet `log_table` / `log_dataframe_profile` / `log_text` / `log_parameter(s)`, neptune `run[...].upload` / `append` / `log` (with `File.as_html(df)`), ClearML `report_table`, TensorBoard `add_text`. See [personal data](../personal-data.md).',
    why: "Trackers are built for sharing: a W&B or MLflow project is read by the whole team, often by an outside vendor, sometimes by the public, and runs are kept indefinitely. A prediction table logged with the customers' emails copies personal data into a system that was never meant to hold it, outside its retention and deletion rules.",
    fix: 'Log metrics, aggregates and non-identifying features; when rows are needed (error analysis tables), drop the identifying columns or replace them with a keyed hash first: `wandb.Table(dataframe=df.drop(columns=["email"]))`.',
    example: {
      bad: 'import pandas as pd\nimport wandb\npreds = pd.DataFrame({"email": emails, "score": scores})\nwandb.log({"predictions": wandb.Table(dataframe=preds)})',
      good: 'import pandas as pd\nimport wandb\npreds = pd.DataFrame({"email": emails, "score": scores})\nwandb.log({"predictions": wandb.Table(dataframe=preds.drop(columns=["email"]))})',
    },
    references: ['https://cwe.mitre.org/data/definitions/359.html', 'https://docs.wandb.ai/guides/tables/', 'https://mlflow.org/docs/latest/python_api/mlflow.html#mlflow.log_table'],
  },
  calls: [...TRACKER_CALLS, ...NEPTUNE_METHODS.map((m) => `*.${m}`)],
  onCall(call, context) {
    if (isTestFile(context.document.path)) return;
    const neptune = isNeptuneField(call, context);
    if (!neptune && !TRACKER_CALLS.includes(call.callee ?? '')) return;
    // neptune's File.as_html(df) / File.as_pickle(obj) wrap what they upload
    const values = argumentValues(call).flatMap((node) =>
      node.type === 'call' && /(?:^|\.)File\.as_\w+$/.test(context.qualifiedName(node.childForFieldName('function')!) ?? '') ? argumentValues(context.callSite(node)) : [node],
    );
    const found = firstPersonal(values, context);
    if (!found) return;
    const tracker = neptune ? 'neptune' : (call.callee ?? '').split('.')[0];
    context.report({
      node: call.node,
      severity: found.data.evidence === 'name' ? 'info' : undefined,
      message: `${call.method} uploads ${describeData(found.data)} to ${tracker === 'torch' || tracker === 'tensorboardX' ? 'the TensorBoard logs' : `the ${tracker} tracking server`}, where everyone with access to the project can read it; log aggregates, or drop ${columnList(found.data)} first.`,
    });
  },
});
