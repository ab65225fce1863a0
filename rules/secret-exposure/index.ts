import type { Rule } from '../../server/src/engine/api';

const rules: Rule[] = [];
export default rules;
