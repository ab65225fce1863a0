import { defineRule } from '../../server/src/engine/api';

export default defineRule({
  id: 'keras-load-model-unsafe',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: 'load_model(..., safe_mode=False) lets the model file run arbitrary code (Lambda layers); keep safe_mode on.',
  fixable: true,
  docs: {
    what: 'Finds Keras `load_model` (`keras`, `tf.keras`, `tf_keras`), `model_from_json` and `deserialize_keras_object` called with `safe_mode=False`, and `keras.config.enable_unsafe_deserialization()`, which turns safe mode off for the whole process.',
    why: 'Keras models may contain `Lambda` layers whose Python bytecode is stored in the file. `safe_mode=True` (the default) refuses to deserialize them; turning it off runs that code when the model is loaded.',
    fix: 'Remove `safe_mode=False`. Replace `Lambda` layers with subclassed layers registered with `@keras.saving.register_keras_serializable()`.',
    example: { bad: 'import keras\nmodel = keras.models.load_model("model.keras", safe_mode=False)', good: 'import keras\nmodel = keras.models.load_model("model.keras")' },
    references: ['https://keras.io/api/models/model_saving_apis/model_saving_and_loading/'],
  },
  calls: [
    'keras.config.enable_unsafe_deserialization',
    'keras.saving.serialization_lib.enable_unsafe_deserialization',
    'keras.models.load_model',
    'keras.saving.load_model',
    'keras.saving.saving_api.load_model',
    'keras.models.model_from_json',
    'keras.saving.deserialize_keras_object',
  ],
  onCall(call, context) {
    if (call.method === 'enable_unsafe_deserialization') {
      context.report({
        node: call.node,
        message: 'keras.config.enable_unsafe_deserialization() turns safe_mode off for every model this process loads, so a model file can run arbitrary code (Lambda layers); remove it.',
      });
      return;
    }
    const flag = call.flag('safe_mode');
    if (flag !== 'false') return;
    const argument = call.keywordArgument('safe_mode');
    const edits = argument ? context.edits.removeArgument(call, argument) : [];
    context.report({ node: argument ?? call.node, fixes: edits.length > 0 ? [{ title: 'Remove safe_mode=False', safe: true, edits }] : [] });
  },
});
