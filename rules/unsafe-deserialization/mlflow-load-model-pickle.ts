import { defineRule } from '../../server/src/engine/api';

/** MLflow flavors whose saved models are pickles (cloudpickle, pickle, joblib or torch.save of a whole model). */
const PICKLE_FLAVORS = ['pyfunc', 'sklearn', 'pytorch', 'statsmodels', 'fastai', 'pmdarima', 'lightgbm', 'langchain', 'llama_index', 'shap', 'diviner'];

export default defineRule({
  id: 'mlflow-load-model-pickle',
  category: 'unsafe-deserialization',
  severity: 'warning',
  cwe: 502,
  message: 'mlflow load_model unpickles the logged model (cloudpickle/pickle) and can run code stored in it; load only models from a registry you control.',
  docs: {
    what: 'Finds `mlflow.pyfunc.load_model` and the `load_model` of MLflow flavors whose models are stored as pickles (`sklearn`, `pytorch`, `statsmodels`, `fastai`, `pmdarima`, `lightgbm`, `langchain`, `llama_index`, `shap`, `diviner`), and `mlflow.pyfunc.spark_udf`. Flavors with code-free formats (`xgboost`, `catboost`, `onnx`, `tensorflow`, `keras`, `prophet`) are not reported.',
    why: 'A pyfunc or scikit-learn model in MLflow is a cloudpickle/pickle file, and a PyTorch model logged whole is a `torch.save` pickle. Loading it runs any code stored in it. Anyone who can log a run or register a model version (a shared tracking server, a compromised CI job, an artifact bucket) can run code on every machine that loads "models:/name/Production".',
    fix: 'Load models only from a registry and artifact store with restricted write access, and promote versions through review. Prefer code-free flavors (ONNX, `mlflow.xgboost`, safetensors state dicts) for models that cross teams, and verify the artifact checksum recorded at registration before loading.',
    example: {
      bad: 'import mlflow\nmodel = mlflow.pyfunc.load_model(f"runs:/{run_id}/model")',
      good: 'import mlflow\nmodel = mlflow.onnx.load_model("models:/fraud-detector/3")',
    },
    references: ['https://mlflow.org/docs/latest/models.html#storage-format', 'https://cwe.mitre.org/data/definitions/502.html'],
  },
  calls: [...PICKLE_FLAVORS.map((f) => `mlflow.${f}.load_model`), 'mlflow.pyfunc.spark_udf'],
  onCall(call, context) {
    const flavor = (call.callee ?? '').split('.')[1] ?? 'pyfunc';
    context.report({
      node: call.node,
      message: `mlflow.${flavor}.${(call.callee ?? '').split('.').pop()} unpickles the logged model and can run code stored in it; anyone who can write to that run, registry or artifact store runs code here. Load only from a registry you control, or log the model in a code-free format (ONNX, safetensors).`,
    });
  },
});
