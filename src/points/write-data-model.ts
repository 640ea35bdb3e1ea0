import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDataModel } from './docs.js';

// Regenerates docs/data-model.md: node dist/src/points/write-data-model.js
const target = fileURLToPath(new URL('../../../docs/data-model.md', import.meta.url));
writeFileSync(target, renderDataModel());
console.log(`wrote ${target}`);
