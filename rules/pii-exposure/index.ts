import type { Rule } from '../../server/src/engine/api';
import piiInNotebookOutput from './pii-in-notebook-output';

const rules: Rule[] = [piiInNotebookOutput];
export default rules;
