import { defineRule, type Node, type RuleContext } from '../../server/src/engine/api';

/** Loaders of shared libraries: [path position, keyword]. */
const LOADERS: Record<string, [number, string]> = {
  'ctypes.CDLL': [0, 'name'],
  'ctypes.PyDLL': [0, 'name'],
  'ctypes.WinDLL': [0, 'name'],
  'ctypes.OleDLL': [0, 'name'],
  'ctypes.cdll.LoadLibrary': [0, 'name'],
  'ctypes.pydll.LoadLibrary': [0, 'name'],
  'ctypes.windll.LoadLibrary': [0, 'name'],
  'ctypes.oledll.LoadLibrary': [0, 'name'],
  'numpy.ctypeslib.load_library': [1, 'loader_path'],
  'torch.ops.load_library': [0, 'path'],
  'torch.classes.load_library': [0, 'path'],
  'tensorflow.load_op_library': [0, 'library_filename'],
  'tensorflow.load_library': [0, 'library_location'],
};

/** Calls whose result is a file fetched from elsewhere. */
const DOWNLOADERS =
  /^(huggingface_hub\.(hf_hub_download|snapshot_download|cached_download)|urllib\.request\.urlretrieve|urllib\.urlretrieve|wget\.download|gdown\.(download|cached_download)|keras\.utils\.get_file|torchvision\.datasets\.utils\.download_url|modelscope\..*snapshot_download)$/;
/** Calls whose result comes from the user or a request. */
const USER_INPUT = /^(input|flask\.request\b.*|sys\.argv\b.*|fastapi\.UploadFile.*)$/;

type PathOrigin = 'downloaded' | 'user' | undefined;

export default defineRule({
  id: 'native-library-untrusted-path',
  category: 'remote-code-execution',
  severity: 'error',
  cwe: 114,
  message: 'This loads a native library from a downloaded or user-supplied path; loading a shared library runs its code with no sandbox.',
  docs: {
    what: 'Finds native libraries loaded from a path that was downloaded (`hf_hub_download`, `snapshot_download`, `urlretrieve`, `wget.download`, `gdown`, `keras.utils.get_file`) or given by a user (`input()`, `sys.argv`, request data): `ctypes.CDLL` / `cdll.LoadLibrary` and the other `ctypes` loaders, `numpy.ctypeslib.load_library`, `torch.ops.load_library`, `tf.load_op_library`. Libraries loaded by name (`ctypes.CDLL("libc.so.6")`), from `ctypes.util.find_library`, or from paths inside the project are not reported.',
    why: 'Loading a shared library runs its initialisers at once, with the full rights of the process: there is no safe mode. A library fetched from a model repository or a URL, or named by a user, is code someone else controls. Custom ops shipped next to model weights are a known way to hide a payload.',
    fix: 'Build native extensions from reviewed source and install them as a package, or vendor the binary into your repository with a pinned checksum. Never load a library from a model download or a path a user chose.',
    example: {
      bad: 'import ctypes\nfrom huggingface_hub import hf_hub_download\n\nlib_path = hf_hub_download("org/model", "ops.so")\nops = ctypes.CDLL(lib_path)',
      good: 'import ctypes\nimport ctypes.util\n\nlibc = ctypes.CDLL(ctypes.util.find_library("c"))',
    },
    references: ['https://docs.python.org/3/library/ctypes.html#loading-shared-libraries', 'https://cwe.mitre.org/data/definitions/114.html'],
  },
  calls: Object.keys(LOADERS),
  onCall(call, context) {
    const [position, keyword] = LOADERS[call.callee ?? ''] ?? [0, 'name'];
    const path = call.argument(position, keyword);
    if (!path) return;
    const origin = pathOrigin(path, context, 0);
    if (!origin) return;
    const name = (call.callee ?? '').replace(/^tensorflow\./, 'tf.').replace(/^numpy\./, 'np.');
    context.report({
      node: call.node,
      message:
        origin === 'downloaded'
          ? `${name} loads a native library from a downloaded file; its code runs in this process with no sandbox, so whoever controls that download controls this machine. Ship reviewed binaries with your package instead.`
          : `${name} loads a native library from a path the user supplies; its code runs in this process with no sandbox. Load only libraries that ship with your application.`,
    });
  },
});

function pathOrigin(node: Node, context: RuleContext, depth: number): PathOrigin {
  if (depth > 6) return undefined;
  switch (node.type) {
    case 'call': {
      const site = context.callSite(node);
      const callee = site.callee ?? '';
      if (DOWNLOADERS.test(callee)) return 'downloaded';
      if (USER_INPUT.test(callee)) return 'user';
      // path helpers pass their parts through
      if (
        /^(os\.path\.(join|abspath|realpath|normpath|expanduser)|pathlib\.(Path|PurePath)|str|os\.fspath)$/.test(callee) ||
        ['joinpath', 'resolve', 'absolute', 'as_posix', 'with_suffix', 'with_name'].includes(site.method)
      ) {
        const parts = [...site.positional, ...(site.receiver ? [site.receiver] : [])];
        return firstOrigin(parts.map((p) => pathOrigin(p, context, depth + 1)));
      }
      return undefined;
    }
    case 'binary_operator': {
      // pathlib `/` and string `+`
      const sides = [node.childForFieldName('left'), node.childForFieldName('right')].filter((n): n is Node => !!n);
      return firstOrigin(sides.map((s) => pathOrigin(s, context, depth + 1)));
    }
    case 'string': {
      const parts = node.namedChildren.filter((c): c is Node => c?.type === 'interpolation').map((i) => i.childForFieldName('expression') ?? i.namedChild(0));
      return firstOrigin(parts.filter((p): p is Node => !!p).map((p) => pathOrigin(p, context, depth + 1)));
    }
    case 'subscript': {
      const value = node.childForFieldName('value');
      const qualified = value ? (context.qualifiedName(value) ?? '') : '';
      if (/^(sys\.argv|flask\.request)/.test(qualified)) return 'user';
      // `path, _ = urlretrieve(...)` written as `urlretrieve(...)[0]`
      return value ? pathOrigin(value, context, depth + 1) : undefined;
    }
    case 'attribute': {
      const qualified = context.qualifiedName(node) ?? '';
      if (/^flask\.request\./.test(qualified)) return 'user';
      return undefined;
    }
    case 'parenthesized_expression':
      return node.namedChild(0) ? pathOrigin(node.namedChild(0)!, context, depth + 1) : undefined;
    case 'identifier': {
      const binding = context.lookup(node);
      if (!binding) return undefined;
      if ((binding.kind === 'assign' || binding.kind === 'with') && binding.value) return pathOrigin(binding.value, context, depth + 1);
      if (binding.kind === 'other') {
        // `path, headers = urllib.request.urlretrieve(url)`
        let owner = binding.node.parent;
        while (owner && owner.type !== 'assignment' && owner.type !== 'module') owner = owner.parent;
        const right = owner?.type === 'assignment' ? owner.childForFieldName('right') : null;
        return right ? pathOrigin(right, context, depth + 1) : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function firstOrigin(origins: PathOrigin[]): PathOrigin {
  return origins.find((o) => o === 'downloaded') ?? origins.find((o) => o === 'user');
}
