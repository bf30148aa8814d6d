#!/bin/sh
# Builds data/given_names.tsv (given name, usual gender) from the npm
# package gender-detection-from-name (MIT licence, Davide Violante; lists of
# English, German, Spanish, French, Italian and Turkish given names, each
# marked male or female; a list may mark a name more than once).  A name
# goes to the gender of at least two thirds of its marks, else to "u".
# Usage: scripts/given-names.sh [OUT]   (default data/given_names.tsv)
set -eu
PKG=gender-detection-from-name@1.11.5
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/data/given_names.tsv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PKG" >/dev/null && tar xzf ./*.tgz)
node - "$tmp/package/names" > "$tmp/names.tsv" <<'JS'
const fs = require('fs'), path = require('path');
const dir = process.argv[2];
const g = new Map();
for (const f of fs.readdirSync(dir).sort()) {
  if (!f.endsWith('.js')) continue;
  const src = fs.readFileSync(path.join(dir, f), 'utf8');
  for (const m of src.matchAll(/\['([^']+)',\s*'(male|female|unisex)'\]/g)) {
    const name = m[1].toLowerCase();
    if (!/^[\p{L}][\p{L}'-]*$/u.test(name)) continue;
    const c = g.get(name) || {m: 0, f: 0, u: 0};
    c[m[2] === 'male' ? 'm' : m[2] === 'female' ? 'f' : 'u']++;
    g.set(name, c);
  }
}
const keys = [...g.keys()].sort();
process.stdout.write('# given name<TAB>usual gender (m, f, u: both); built by scripts/given-names.sh\n');
process.stdout.write('# from the npm package gender-detection-from-name 1.11.5 (MIT licence)\n');
const sex = (c) => { const n = c.m + c.f + c.u; return 3 * c.m >= 2 * n ? 'm' : 3 * c.f >= 2 * n ? 'f' : 'u'; };
for (const k of keys) process.stdout.write(k + '\t' + sex(g.get(k)) + '\n');
JS
mv "$tmp/names.tsv" "$out"
echo "$(grep -vc '^#' "$out") names -> $out"
