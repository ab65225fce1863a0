import type { Rule } from '../../server/src/engine/api';
import secretInNotebookOutput from './secret-in-notebook-output';
import secretInUrlQuery from './secret-in-url-query';
import secretOnCommandLine from './secret-on-command-line';
import secretPrinted from './secret-printed';

const rules: Rule[] = [secretInNotebookOutput, secretPrinted, secretInUrlQuery, secretOnCommandLine];
export default rules;
