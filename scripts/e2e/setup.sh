#!/usr/bin/env bash
# Installs what the editor suites need, once, and caches it:
#   - Debian packages (only those missing): chromium (UI suite), neovim (Neovim suite), ripgrep
#     and libkrb5-dev (code-server's npm install builds kerberos and wants rg without a download);
#   - code-server 4.100.3 (VS Code 1.100.3, the last release that runs on Node 20) from npm into
#     .e2e-cache/, which git ignores.
# Idempotent: a second run only checks and returns in well under a second.
# Prints the code-server entry point's folder on the last line of stdout: nothing else goes there.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.e2e-cache"
version=4.100.3
prefix="$cache/code-server-$version"
marker="$prefix/.installed"

log() { echo "[e2e setup] $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
if [ ! -f "$marker" ]; then
  # only needed to install code-server, not to run it
  command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || missing+=(build-essential)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -f "$marker" ]; then
  log "installing code-server@$version into ${prefix#"$root"/} (once; about 2 minutes)"
  rm -rf "$prefix"
  mkdir -p "$prefix/tmp" "$prefix/home"
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the
  # archive: seed the cache with Debian's rg so nothing is downloaded.
  rgcache="$prefix/tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rgcache" "$prefix/tmp/rgpack"
  cp "$(command -v rg)" "$prefix/tmp/rgpack/rg"
  for arch in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
    tar czf "$rgcache/ripgrep-v13.0.0-10-$arch.tar.gz" -C "$prefix/tmp/rgpack" rg
  done
  echo '{ "name": "secure-ml-e2e-cache", "private": true }' >"$prefix/package.json"
  # node-gyp downloads Node's headers unless told where they are: use the installed ones.
  nodedir="$(dirname "$(dirname "$(command -v node)")")"
  if [ -f "$nodedir/include/node/node.h" ]; then export npm_config_nodedir="$nodedir"; fi
  # unsafe_perm: code-server's postinstall refuses to run as root otherwise;
  # yes: node-pty's postinstall runs `npx node-gyp`, which would cancel at npx's prompt.
  # keep npm's own download cache (HOME is moved so that install scripts write nothing there)
  npm_cache="$(npm config get cache)"
  (
    cd "$prefix"
    npm_config_cache="$npm_cache" TMPDIR="$prefix/tmp" HOME="$prefix/home" npm_config_yes=true npm_config_unsafe_perm=true \
      npm install "code-server@$version" --no-audit --no-fund --no-save --foreground-scripts \
      --loglevel=error >"$prefix/install.log" 2>&1
  ) || {
    log "npm install code-server@$version failed; last lines of ${prefix#"$root"/}/install.log:"
    tail -n 30 "$prefix/install.log" >&2
    exit 1
  }
  test -f "$prefix/node_modules/code-server/out/node/entry.js" || {
    log "code-server installed but out/node/entry.js is missing"
    exit 1
  }
  rm -rf "$prefix/tmp" "$prefix/home"
  date -u +%FT%TZ >"$marker"
fi
echo "$prefix/node_modules/code-server"
