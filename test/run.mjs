#!/usr/bin/env node
// Runs the compiled test suites with node:test. Unit tests run in parallel; integration and e2e tests
// start real servers and the whole collector, so they run one file at a time to keep a 2-core machine honest.
//
//   node test/run.mjs                 all suites
//   node test/run.mjs unit            one suite (unit | integration | e2e)
//   node test/run.mjs unit ring       only files whose path contains "ring"
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const suites = [
  { name: 'unit', concurrency: Math.max(2, availableParallelism()) },
  { name: 'integration', concurrency: 1 },
  { name: 'e2e', concurrency: 1 },
];

const [onlySuite, filter] = process.argv.slice(2);

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (entry.endsWith('.test.js')) out.push(path);
  }
  return out.sort();
}

let failed = false;
for (const suite of suites) {
  if (onlySuite && onlySuite !== suite.name) continue;
  const files = findTests(join(root, 'dist', 'test', suite.name)).filter((f) => !filter || f.includes(filter));
  if (files.length === 0) continue;
  console.log(`\n=== ${suite.name}: ${files.length} file(s) ===`);
  const res = spawnSync(
    process.execPath,
    ['--test', `--test-concurrency=${suite.concurrency}`, '--enable-source-maps', ...files],
    { stdio: 'inherit', cwd: root, env: process.env },
  );
  if (res.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
