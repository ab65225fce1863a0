import notebookShellInjection from './notebook-shell-injection';
import shellCommandInjection from './shell-command-injection';

export default [shellCommandInjection, notebookShellInjection];
