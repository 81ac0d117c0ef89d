// Syntax check of the k6 scripts without k6 (CI has no k6): each file is parsed by node as an ES
// module (imports are not resolved by --check), then its imports are checked to be k6 modules or
// files that exist here, and each scenario script is loaded with stand-ins for the k6 modules to
// check that its module graph links and that it exports options (scenarios and thresholds) and a
// default function.
//   node k6/check.mjs
import { execFileSync } from 'node:child_process';
import { register } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Stand-ins for the k6 modules: enough for the scripts' top level to run, nothing is sent.
const STUBS = {
  k6: 'export const check = () => true; export const fail = (m) => { throw new Error(m); }; export const sleep = () => {};',
  'k6/http': 'export default { setResponseCallback() {}, expectedStatuses: (...s) => s, get() {}, post() {}, batch: () => [] };',
  'k6/execution': 'export default { scenario: { iterationInTest: 0 } };',
  'k6/metrics': 'export class Counter { add() {} } export class Trend { add() {} } export class Rate { add() {} }',
};
const hooks = `const STUBS = ${JSON.stringify(STUBS)};
export async function resolve(spec, context, next) {
  if (spec in STUBS) return { url: 'data:text/javascript,' + encodeURIComponent(STUBS[spec]), shortCircuit: true };
  return next(spec, context);
}`;
register('data:text/javascript,' + encodeURIComponent(hooks));
globalThis.__ENV = {};

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
    if (!/^export (default function|\{[^}]*\bdefault\b[^}]*\} from )/m.test(source)) {
      problems.push(`${file}: no default function`);
    }
  }
}

for (const file of files.filter((f) => f !== 'lib.js')) {
  try {
    const script = await import(pathToFileURL(join(here, file)).href);
    const { options } = script;
    if (typeof script.default !== 'function') problems.push(`${file}: default export is not a function`);
    if (!options || !options.scenarios || Object.keys(options.scenarios).length === 0) {
      problems.push(`${file}: options.scenarios is empty`);
    }
    if (!options || !options.thresholds || Object.keys(options.thresholds).length === 0) {
      problems.push(`${file}: options.thresholds is empty`);
    }
  } catch (e) {
    problems.push(`${file}: does not load: ${e.message}`);
  }
}

if (files.length === 0) problems.push('no k6 scripts found');
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`k6 syntax check FAILED (${problems.length} problems in ${files.length} files)`);
  process.exit(1);
}
console.log(`k6 syntax check OK (${files.length} files)`);
