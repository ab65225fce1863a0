import type { Rule } from '../../server/src/engine/api';
import piiDisplayedInNotebook from './pii-displayed-in-notebook';
import piiInNotebookOutput from './pii-in-notebook-output';
import piiLiteralPrinted from './pii-literal-printed';
import piiLogged from './pii-logged';
import piiPrinted from './pii-printed';
import piiSentOverNetwork from './pii-sent-over-network';
import piiSentToTracker from './pii-sent-to-tracker';

const rules: Rule[] = [piiPrinted, piiLogged, piiDisplayedInNotebook, piiSentToTracker, piiSentOverNetwork, piiInNotebookOutput, piiLiteralPrinted];
export default rules;
