import { defineRule } from '../../server/src/engine/api';
import { COMMAND_CALLS, commandVectors, magicCommands, magicRange } from '../insecure-server-config/commands';

/** What a command line turns off, if it turns certificate checks off. */
export function insecureFlag(words: string[]): string | undefined {
  const start = words.findIndex((w) => !/^(sudo|nohup|env|time|\w+=.*|-.*)$/.test(w));
  if (start < 0) return undefined;
  const program = words[start].replace(/^.*\//, '');
  const args = words.slice(start + 1);
  if (program === 'wget' && args.includes('--no-check-certificate')) return "wget --no-check-certificate downloads without checking the server's certificate";
  if (program === 'curl' && args.some((a) => a === '--insecure' || /^-[a-zA-Z]*k[a-zA-Z]*$/.test(a))) return "curl -k/--insecure downloads without checking the server's certificate";
  const pip = /^pip[\d.]*$/.test(program) || (/^python[\d.]*$/.test(program) && args[0] === '-m' && /^pip$/.test(args[1] ?? ''));
  if (pip && args.some((a) => a === '--trusted-host' || a.startsWith('--trusted-host='))) return 'pip --trusted-host accepts that package index without a valid certificate (and over plain http)';
  if (program === 'git' && args.some((a) => /^http\.sslVerify=(false|0|no)$/i.test(a))) return "git -c http.sslVerify=false clones without checking the server's certificate";
  return undefined;
}

export default defineRule({
  id: 'shell-tls-verification-disabled',
  category: 'insecure-transport',
  severity: 'warning',
  cwe: 295,
  message: 'This command downloads without checking TLS certificates, so anyone on the network can serve a different file, package or dataset; drop the flag.',
  docs: {
    what: 'Finds shell commands that turn certificate checks off, in notebook shell escapes (`!wget ...`, `%%bash` cells) and in Python (`subprocess.run/Popen/call` with a list or a string, `os.system`, `get_ipython().system`): `wget --no-check-certificate`, `curl -k` / `--insecure`, `pip install --trusted-host`, `git -c http.sslVerify=false`.',
    why: 'These flags are the usual copy-paste answer to a certificate error in Colab and on lab machines. The download still "works", but from whoever answers: a hostile network can replace the dataset, the model checkpoint (a pickle that runs code when loaded) or the Python package (which runs code when installed).',
    fix: 'Drop the flag. If a proxy re-signs traffic, install its CA certificate (or pass it: `wget --ca-certificate=ca.pem`, `curl --cacert ca.pem`, `pip --cert ca.pem`). For Google Drive downloads, use `gdown`, which keeps the checks.',
    example: {
      bad: 'import subprocess\nsubprocess.run(["wget", "--no-check-certificate", "https://example.com/data.zip"], check=True)',
      good: 'import subprocess\nsubprocess.run(["wget", "https://example.com/data.zip"], check=True)',
    },
    references: ['https://pip.pypa.io/en/stable/topics/https-certificates/', 'https://cwe.mitre.org/data/definitions/295.html'],
  },
  calls: COMMAND_CALLS,
  onCall(call, context) {
    for (const words of commandVectors(call, context)) {
      const problem = insecureFlag(words);
      if (problem) context.report({ node: call.node, message: `${problem}: anyone on the network can serve a different file; drop the flag.` });
    }
  },
  textKinds: ['notebook'],
  onText(unit, context) {
    for (const magic of unit.magics) {
      for (const words of magicCommands(magic)) {
        const problem = insecureFlag(words);
        if (problem) context.report({ range: magicRange(unit, magic), message: `${problem}: anyone on the network can serve a different file; drop the flag.` });
      }
    }
  },
});
