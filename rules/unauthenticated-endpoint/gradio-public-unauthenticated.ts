import { defineRule, type CallSite, type RuleContext } from '../../server/src/engine/api';
import { programImports as imports } from '../insecure-server-config/servers';

const PUBLIC_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** Whether `launch` is called on a Gradio app (Interface, Blocks, ChatInterface, TabbedInterface...). */
function isGradioApp(call: CallSite, context: RuleContext): boolean {
  const callee = call.callee ?? '';
  if (/^gradio\.\w+\(\)(\.(queue|config|load)\(\))*\.launch$/.test(callee)) return true;
  if (callee.startsWith('gradio.')) return false;
  // `demo = build_demo()` or a parameter: the name and the imports tell
  return /^(demo|iface|interface|app|ui|blocks|chatbot|gui)$/i.test(call.receiver?.text ?? '') && imports(context, 'gradio');
}

export default defineRule({
  id: 'gradio-public-unauthenticated',
  category: 'unauthenticated-endpoint',
  severity: 'warning',
  cwe: 306,
  message:
    'This Gradio app is published without a login: share=True gives it a public gradio.live URL (or server_name="0.0.0.0" opens it to the network) and anyone with the link can use the model; pass auth=.',
  fixable: true,
  docs: {
    what: 'Finds Gradio apps (`gr.Interface`, `gr.Blocks`, `gr.ChatInterface`...) launched with `share=True` or `server_name="0.0.0.0"` and no `auth=`.',
    why: '`share=True` tunnels the app to a public `*.gradio.live` address for 72 hours (1 week in recent versions); `server_name="0.0.0.0"` serves it to every network the machine is on. Without `auth`, anyone who finds or is forwarded the link runs the model on your GPU or API key, and reads whatever the app shows: uploaded files, retrieved documents, outputs. Gradio also exposes each function as an API endpoint, so the UI is not the only way in.',
    fix: 'Pass `auth=` (a `(username, password)` pair read from the environment, or a function that checks credentials), or keep the app local (no `share=True`, default `server_name`). The fix adds `auth=(os.environ["GRADIO_USERNAME"], os.environ["GRADIO_PASSWORD"])`, which refuses to start until both are set.',
    example: {
      bad: 'import gradio as gr\ndemo = gr.Interface(fn=predict, inputs="text", outputs="label")\ndemo.launch(share=True)',
      good: 'import os\nimport gradio as gr\ndemo = gr.Interface(fn=predict, inputs="text", outputs="label")\ndemo.launch(share=True, auth=(os.environ["GRADIO_USERNAME"], os.environ["GRADIO_PASSWORD"]))',
    },
    references: ['https://www.gradio.app/guides/sharing-your-app#authentication', 'https://cwe.mitre.org/data/definitions/306.html'],
  },
  calls: ['*.launch'],
  onCall(call, context) {
    if (!isGradioApp(call, context)) return;
    const auth = call.keyword('auth');
    if (auth && context.valueOf(auth).kind !== 'none') return;
    if (call.flag('auth_dependency') === 'true' || call.keyword('auth_dependency')) return;
    const share = call.flag('share') === 'true';
    const host = call.argumentValue(undefined, 'server_name');
    const openHost = host?.kind === 'string' && PUBLIC_HOSTS.has(host.value.trim());
    if (!share && !openHost) return;
    const os = context.edits.ensureImport('os');
    const edits = context.edits.setKeyword(call, 'auth', `(${os.reference}.environ["GRADIO_USERNAME"], ${os.reference}.environ["GRADIO_PASSWORD"])`);
    context.report({
      node: call.keywordArgument(share ? 'share' : 'server_name') ?? call.node,
      message: share
        ? 'share=True publishes this Gradio app at a public gradio.live URL with no login: anyone with the link can use the model and see what it shows; pass auth=.'
        : 'server_name="0.0.0.0" serves this Gradio app to every network the machine is on with no login: anyone who reaches the port can use the model; pass auth= or bind 127.0.0.1.',
      fixes: edits ? [{ title: 'Require a login (credentials from GRADIO_USERNAME / GRADIO_PASSWORD)', safe: false, edits: [...os.edits, ...edits] }] : [],
    });
  },
});
