import type { Rule } from '../../server/src/engine/api';
import secretInNotebookOutput from './secret-in-notebook-output';

const rules: Rule[] = [secretInNotebookOutput];
export default rules;
