#!/usr/bin/env node
// Runs the compiled test suites with node:test. Unit tests run in parallel; integration and e2e tests
// start real servers and the whole collector, so they run one file at a time to keep a 2-core machine honest.
//
//   node test/run.mjs                 all suites
//   node test/run.mjs unit            one suite (unit | integration | e2e)
//   node test/run.mjs unit ring       only files whose path contains "ring"
import { spawn } from 'node:child_process';
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

// A test file that failed before any of its tests ran, because Node's ESM loader reported an export missing
// from a module that has it ("does not provide an export named"), is run once more. This was seen in 2 of ~10
// fresh-clone CI runs, each time in a different unit file, and never again on a rerun. The cause has not been
// found. A file whose export is really missing fails the second run as well, and any other failure is never
// rerun. The runner says when it reran something.
const LOAD_FLAKE = /does not provide an export named/;

function run(files, concurrency) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--enable-source-maps', ...files], {
      stdio: ['inherit', 'pipe', 'inherit'],
      cwd: root,
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      out += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The files to run again: every top-level failure is a whole file that did not load (see LOAD_FLAKE). */
function loadFlakes(out, files) {
  if (!LOAD_FLAKE.test(out)) return [];
  const failures = [...out.matchAll(/^not ok \d+ - (.*)$/gm)].map((m) => m[1].trim());
  if (failures.length === 0 || !failures.every((name) => files.includes(name))) return [];
  return failures;
}

let failed = false;
for (const suite of suites) {
  if (onlySuite && onlySuite !== suite.name) continue;
  const files = findTests(join(root, 'dist', 'test', suite.name)).filter((f) => !filter || f.includes(filter));
  if (files.length === 0) continue;
  console.log(`\n=== ${suite.name}: ${files.length} file(s) ===`);
  const first = await run(files, suite.concurrency);
  if (first.code === 0) continue;
  const again = loadFlakes(first.out, files);
  if (again.length === 0) {
    failed = true;
    continue;
  }
  console.log(`\n=== ${suite.name}: ${again.length} file(s) failed to load ("does not provide an export named"); running them once more ===`);
  const second = await run(again, 1);
  if (second.code !== 0) failed = true;
  else console.log(`=== ${suite.name}: rerun passed: ${again.join(', ')} ===`);
}
process.exit(failed ? 1 : 0);
