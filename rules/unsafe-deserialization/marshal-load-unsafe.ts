import { defineRule } from '../../server/src/engine/api';

export default defineRule({
  id: 'marshal-load-unsafe',
  category: 'unsafe-deserialization',
  severity: 'error',
  cwe: 502,
  message: 'marshal.load(s) is not safe against malicious data and can load code objects; do not use it on data from elsewhere.',
  docs: {
    what: 'Finds `marshal.load` and `marshal.loads`.',
    why: "marshal is Python's internal format for `.pyc` files. The documentation warns it is not secure against erroneous or malicious data, and it can rebuild code objects that are then executed.",
    fix: 'Use JSON, or another data-only format, for anything that crosses a trust boundary.',
    example: { bad: 'import marshal\nobj = marshal.loads(blob)', good: 'import json\nobj = json.loads(blob)' },
    references: ['https://docs.python.org/3/library/marshal.html'],
  },
  calls: ['marshal.load', 'marshal.loads'],
  onCall(call, context) {
    context.report({ node: call.node });
  },
});
