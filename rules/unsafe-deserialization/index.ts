import jobLibLoadUnsafe from './joblib-load-unsafe';
import kerasLoadModelUnsafe from './keras-load-model-unsafe';
import marshalLoadUnsafe from './marshal-load-unsafe';
import numpyLoadAllowPickle from './numpy-load-allow-pickle';
import pandasReadPickle from './pandas-read-pickle';
import pickleLoadUnsafe from './pickle-load-unsafe';
import torchLoadUnsafe from './torch-load-unsafe';
import yamlLoadUnsafe from './yaml-load-unsafe';

export default [pickleLoadUnsafe, marshalLoadUnsafe, jobLibLoadUnsafe, torchLoadUnsafe, numpyLoadAllowPickle, pandasReadPickle, yamlLoadUnsafe, kerasLoadModelUnsafe];
