import { defineRule } from '../../server/src/engine/api';
import { bindAddress, SERVER_RUN_CALLS, serverRun } from './servers';

export default defineRule({
  id: 'server-binds-all-interfaces',
  category: 'insecure-server-config',
  severity: 'info',
  cwe: 1327,
  message: 'host="0.0.0.0" makes this server reachable from every network the machine is on, not only from this machine; make sure it is meant to be public and protected.',
  docs: {
    what: 'Finds model and app servers started on all interfaces with a literal `host="0.0.0.0"` (or `"::"`): `app.run` for Flask, Dash and Flask-SocketIO, `uvicorn.run`, `werkzeug.run_simple`. A host read from a variable or the environment is not reported. Information only: in a container, binding all interfaces is how the port is published.',
    why: 'A notebook or a laptop on café Wi-Fi, a cloud VM with an open security group, a shared GPU box: binding `0.0.0.0` publishes the model endpoint, and whatever it can read, to everyone who can route to the machine. Development servers (Flask, Dash) are not built for that exposure, and endpoints written for a quick demo rarely check who calls them.',
    fix: 'Bind `127.0.0.1` for local work. Where the server must be reachable (a container, a shared service), read the host from the environment or configuration, put authentication on the endpoints (see `model-endpoint-unauthenticated`), and run behind a production server or reverse proxy.',
    example: {
      bad: 'import uvicorn\nuvicorn.run("serve:app", host="0.0.0.0", port=8000)',
      good: 'import os\nimport uvicorn\nuvicorn.run("serve:app", host=os.environ.get("HOST", "127.0.0.1"), port=8000)',
    },
    references: ['https://cwe.mitre.org/data/definitions/1327.html'],
  },
  calls: SERVER_RUN_CALLS,
  onCall(call, context) {
    const server = serverRun(call, context);
    if (!server?.host || bindAddress(server.host, context) !== 'all') return;
    // a debug server on 0.0.0.0 is reported (as an error) by server-debug-enabled
    if (call.flag(server.kind === 'werkzeug' ? 'use_debugger' : 'debug') === 'true' && server.kind !== 'uvicorn') return;
    context.report({ node: server.host.parent?.type === 'keyword_argument' ? server.host.parent : server.host });
  },
});
