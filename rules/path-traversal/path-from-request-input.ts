import { defineRule } from '../../server/src/engine/api';
import { documentMatches, WEB_FRAMEWORK } from '../lib/gate';
import { hasPathCheck, requestSource } from '../lib/sources';

/** File sinks: the argument that names the file. */
const SINKS: Record<string, number> = {
  open: 0,
  'io.open': 0,
  'builtins.open': 0,
  'codecs.open': 0,
  'flask.send_file': 0,
  'fastapi.responses.FileResponse': 0,
  'starlette.responses.FileResponse': 0,
  'os.remove': 0,
  'os.unlink': 0,
  'shutil.rmtree': 0,
  'shutil.copyfile': 0,
  'pathlib.Path().open': -1,
  'pathlib.Path().read_text': -1,
  'pathlib.Path().read_bytes': -1,
  'pathlib.Path().write_text': -1,
  'pathlib.Path().write_bytes': -1,
  'pathlib.Path().unlink': -1,
};

export default defineRule({
  id: 'path-from-request-input',
  category: 'path-traversal',
  severity: 'error',
  cwe: 22,
  message:
    'A file path built from request input is opened without a check; `../` in it reads or writes files outside the intended folder. Use secure_filename / os.path.basename, or resolve the path and check it stays inside the base folder.',
  docs: {
    what: "Finds files opened, sent, read, written or deleted (`open`, `send_file`, `FileResponse`, `Path(...).read_text`, `os.remove`...) in Flask, FastAPI or Starlette handlers when the path comes from the request: a route parameter, a query or form field, or an upload's file name. Paths passed through `secure_filename`, `os.path.basename` or `safe_join`, and handlers that check the resolved path (`startswith`, `is_relative_to`, `commonpath`, an allow-list) are not reported; `send_from_directory` is safe and not reported.",
    why: "A model-serving or data API that returns `open(os.path.join(DATA_DIR, name))` hands out any file the server can read when `name` is `../../etc/passwd` or `../.env`: credentials, other users' data, the model itself. Writing to such a path lets a client overwrite code or configuration.",
    fix: 'Reduce client input to a bare file name (`werkzeug.utils.secure_filename(name)` or `os.path.basename(name)`), or resolve the joined path and refuse it unless it stays under the base folder: `target = (BASE / name).resolve(); if not target.is_relative_to(BASE): abort(404)`. In Flask, `send_from_directory(BASE, name)` does this for you.',
    example: {
      bad: 'import os\nfrom flask import Flask, request, send_file\napp = Flask(__name__)\n\n@app.get("/reports")\ndef report():\n    return send_file(os.path.join("reports", request.args["name"]))',
      good: 'from flask import Flask, request, send_from_directory\napp = Flask(__name__)\n\n@app.get("/reports")\ndef report():\n    return send_from_directory("reports", request.args["name"])',
    },
    references: [
      'https://owasp.org/www-community/attacks/Path_Traversal',
      'https://flask.palletsprojects.com/en/latest/api/#flask.send_from_directory',
      'https://cwe.mitre.org/data/definitions/22.html',
    ],
  },
  calls: [...Object.keys(SINKS), '*.save'],
  onCall(call, context) {
    // request data exists only in web code
    if (!documentMatches(context, WEB_FRAMEWORK)) return;
    let position = SINKS[call.callee ?? ''];
    // werkzeug's FileStorage.save(dst): an upload saved under a path from the request
    if (position === undefined && call.method === 'save' && call.receiver && requestSource(call.receiver, context)) position = 0;
    if (position === undefined) return;
    const path = position < 0 ? call.receiver : call.argument(position, call.callee === 'open' ? 'file' : 'path');
    if (!path) return;
    const source = requestSource(path, context);
    if (!source) return;
    if (hasPathCheck(call.node)) return;
    context.report({
      node: path,
      message: `This path comes from ${source.what} and is used without a check; \`../\` in it reaches files outside the intended folder. Use secure_filename / os.path.basename, or resolve it and check it stays inside the base folder.`,
    });
  },
});
