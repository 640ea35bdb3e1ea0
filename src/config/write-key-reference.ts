import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { keyReferenceMarkdown } from './key-reference.js';

// Regenerates the key table in docs/configuration.md: node dist/src/config/write-key-reference.js
// The table is the last block of the page that starts with its header row; everything after it is kept.
const target = fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url));
const header = '| Key (under `Butler-SOS`) | Accepts | Default |';
const text = readFileSync(target, 'utf8');
const start = text.indexOf(header);
if (start < 0) throw new Error(`${target}: no key table header found`);
let end = start;
while (end < text.length) {
  const next = text.indexOf('\n', end);
  const line = text.slice(end, next < 0 ? text.length : next);
  if (!line.startsWith('|')) break;
  end = next < 0 ? text.length : next + 1;
}
writeFileSync(target, `${text.slice(0, start)}${keyReferenceMarkdown()}\n${text.slice(end)}`);
console.log(`wrote ${target}`);
