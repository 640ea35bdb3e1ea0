// Comments and docs cite pages in docs/, never documents that are not in the repository (the product
// spec and seeds the project was built from live elsewhere and a reader of this repository cannot open them).
// Every `docs/<page>.md` a file names must exist, and a `#anchor` after it must be a heading of that page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { repoRoot } from '../../support/paths.js';

const ROOT = repoRoot();

/** Where comments and docs live. test/ is scanned too, except its fixtures (verbatim third-party data). */
const SCAN = ['src', 'workers', 'bench', 'deploy', 'config', 'docs', 'test', 'README.md'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git']);
const SKIP_PATHS = ['test/fixtures/'];
const BINARY = new Set(['.png', '.jpg', '.jpeg', '.gif', '.ico', '.woff', '.woff2', '.gz', '.zip', '.exe', '.node']);

// Written with escapes and concatenation so this file does not match its own patterns.
const SECTION_SIGN = '\u00a7';
const FORBIDDEN: Array<{ what: string; re: RegExp }> = [
  { what: 'a section sign (a numbered section of an outside document)', re: new RegExp(SECTION_SIGN) },
  { what: 'a path into the spec folder, which is not in the repository', re: new RegExp('(^|[^\\w-])' + 'spec' + '/') },
  { what: 'a seed document', re: new RegExp('seed' + '[ -]00\\d', 'i') },
  { what: 'the shared folder outside the repository', re: new RegExp('\\.\\./' + 'shared|/work/' + 'shared') },
  { what: 'the architecture brief, which is not in the repository', re: new RegExp('ARCHITECTURE' + '\\.md') },
];

/** Parts of a line that may legitimately contain the patterns: URLs and the in-repository fixture folder. */
function scrub(line: string): string {
  return line.replace(/https?:\/\/\S+/g, '').replace(/fixtures\/spec\//g, 'fixtures/');
}

function listFiles(rel: string, out: string[] = []): string[] {
  const abs = join(ROOT, rel);
  if (!existsSync(abs)) return out;
  if (statSync(abs).isFile()) {
    if (!BINARY.has(extname(rel).toLowerCase())) out.push(rel);
    return out;
  }
  for (const entry of readdirSync(abs)) {
    if (SKIP_DIRS.has(entry)) continue;
    const child = rel + '/' + entry;
    if (SKIP_PATHS.some((p) => (child + '/').startsWith(p))) continue;
    listFiles(child, out);
  }
  return out;
}

const FILES = SCAN.flatMap((p) => listFiles(p)).sort();

/** GitHub's heading anchors: lower-cased, punctuation removed, spaces to '-', repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const anchorCache = new Map<string, Set<string>>();
function pageAnchors(page: string): Set<string> {
  let a = anchorCache.get(page);
  if (!a) {
    a = anchorsOf(readFileSync(join(ROOT, 'docs', page), 'utf8'));
    anchorCache.set(page, a);
  }
  return a;
}

/** A reference to a docs page that does not exist, or to a heading that page does not have; undefined when fine. */
function brokenReason(page: string, anchor: string | undefined): string | undefined {
  if (!existsSync(join(ROOT, 'docs', page))) return `docs/${page} does not exist`;
  if (anchor !== undefined && !pageAnchors(page).has(anchor)) return `docs/${page} has no heading #${anchor}`;
  return undefined;
}

test('the scan covers the places comments and docs live', () => {
  for (const dir of ['src/', 'workers/', 'bench/', 'deploy/', 'config/', 'docs/', 'test/unit/']) {
    assert.ok(FILES.some((f) => f.startsWith(dir)), `no files found under ${dir}`);
  }
  assert.ok(FILES.includes('README.md'));
  assert.ok(!FILES.some((f) => f.startsWith('test/fixtures/')), 'fixtures are verbatim data and are not scanned');
});

test('no file cites documents outside the repository (spec sections, seeds, the shared folder)', () => {
  const hits: string[] = [];
  for (const file of FILES) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      const clean = scrub(line);
      for (const { what, re } of FORBIDDEN) {
        if (re.test(clean)) hits.push(`${file}:${i + 1}: ${what}: ${line.trim().slice(0, 160)}`);
      }
    });
  }
  assert.deepEqual(hits, [], 'cite a docs/ page instead (write the fact there in our own words):\n' + hits.join('\n'));
});

test('every docs/<page>.md reference points at an existing page and heading', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const file of FILES) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of scrub(line).matchAll(/(?<![\w-])docs\/([\w.-]+\.md)(?:#([\p{L}\p{N}_-]+))?/gu)) {
        checked++;
        const why = brokenReason(m[1], m[2]);
        if (why) broken.push(`${file}:${i + 1}: ${why}`);
      }
    });
  }
  assert.ok(checked > 100, `only ${checked} docs/ references found; is the scan looking in the right places?`);
  assert.deepEqual(broken, [], broken.join('\n'));
});

test('links between docs pages (and from README.md) point at existing pages and headings', () => {
  const broken: string[] = [];
  const pages = FILES.filter((f) => (f.startsWith('docs/') && f.endsWith('.md')) || f === 'README.md');
  for (const file of pages) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/\]\(([^)\s#]*\.md)?(?:#([^)\s]+))?\)/g)) {
        const [, target, anchor] = m;
        if (target === undefined && anchor === undefined) continue;
        if (target !== undefined && /^[a-z]+:/i.test(target)) continue;
        // Resolve relative to the linking file; only links into docs/ are checked here.
        const abs = target === undefined ? join(ROOT, file) : join(ROOT, file, '..', target);
        const rel = relative(join(ROOT, 'docs'), abs);
        if (rel.startsWith('..')) {
          if (!existsSync(abs)) broken.push(`${file}:${i + 1}: ${target} does not exist`);
          continue;
        }
        const why = brokenReason(rel, anchor);
        if (why) broken.push(`${file}:${i + 1}: ${why}`);
      }
    });
  }
  assert.deepEqual(broken, [], broken.join('\n'));
});

test('the anchor rules match GitHub for the heading shapes the docs use', () => {
  const a = anchorsOf(
    [
      '# Data model',
      '## `log_events_queue`, `user_events_queue`',
      '## Fixed (old behaviour → ours)',
      '## Heartbeat (`heartbeat.*`)',
      '```',
      '# not a heading inside a code block',
      '```',
      '## Tests',
      '## Tests',
    ].join('\n'),
  );
  assert.deepEqual([...a], ['data-model', 'log_events_queue-user_events_queue', 'fixed-old-behaviour--ours', 'heartbeat-heartbeat', 'tests', 'tests-1']);
});
