import jobLibLoadUnsafe from './joblib-load-unsafe';
import kerasLoadModelUnsafe from './keras-load-model-unsafe';
import langchainDangerousDeserialization from './langchain-dangerous-deserialization';
import marshalLoadUnsafe from './marshal-load-unsafe';
import mlflowLoadModelPickle from './mlflow-load-model-pickle';
import numpyLoadAllowPickle from './numpy-load-allow-pickle';
import pandasReadPickle from './pandas-read-pickle';
import pickleLoadUnsafe from './pickle-load-unsafe';
import skopsLoadTrusted from './skops-load-trusted';
import torchDistributedObjectPickle from './torch-distributed-object-pickle';
import torchLoadUnsafe from './torch-load-unsafe';
import torchWeightsOnlyDisabledEnv from './torch-weights-only-disabled-env';
import yamlLoadUnsafe from './yaml-load-unsafe';

export default [
  pickleLoadUnsafe,
  marshalLoadUnsafe,
  jobLibLoadUnsafe,
  torchLoadUnsafe,
  torchWeightsOnlyDisabledEnv,
  numpyLoadAllowPickle,
  pandasReadPickle,
  yamlLoadUnsafe,
  kerasLoadModelUnsafe,
  mlflowLoadModelPickle,
  langchainDangerousDeserialization,
  skopsLoadTrusted,
  torchDistributedObjectPickle,
];
