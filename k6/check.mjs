// Syntax check of the k6 scripts without k6 (CI has no k6): each file is parsed by node as an ES
// module (imports are not resolved by --check), then its imports are checked to be k6 modules or
// files that exist here, and each scenario script to export options and a default function.
//   node k6/check.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => f.endsWith('.js')).sort();
const problems = [];

for (const file of files) {
  const path = join(here, file);
  try {
    execFileSync(process.execPath, ['--experimental-default-type=module', '--check', path], { stdio: 'pipe' });
  } catch (e) {
    problems.push(`${file}: ${String(e.stderr || e.message).trim()}`);
    continue;
  }
  const source = readFileSync(path, 'utf8');
  for (const [, spec] of source.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)) {
    const ok = spec === 'k6' || spec.startsWith('k6/') || (spec.startsWith('.') && existsSync(resolve(here, spec)));
    if (!ok) problems.push(`${file}: import '${spec}' is neither a k6 module nor a file in k6/`);
  }
  if (file !== 'lib.js') {
    if (!/^export const options\s*=/m.test(source)) problems.push(`${file}: no 'export const options'`);
    if (!/^export default function/m.test(source)) problems.push(`${file}: no default function`);
  }
}

if (files.length === 0) problems.push('no k6 scripts found');
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`k6 syntax check FAILED (${problems.length} problems in ${files.length} files)`);
  process.exit(1);
}
console.log(`k6 syntax check OK (${files.length} files)`);
