// Writes deploy/grafana/dashboards/*.json from the specs: `node dist/deploy/grafana/generator/write.js`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardFiles } from './dashboards.js';

const root = process.argv[2] ?? process.cwd();
for (const [file, json] of Object.entries(dashboardFiles())) {
  const path = join(root, 'deploy', 'grafana', 'dashboards', file);
  writeFileSync(path, json);
  console.log(`wrote ${path}`);
}
