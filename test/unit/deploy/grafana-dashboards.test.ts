// The shipped Grafana files: the dashboard JSON is what the generator writes (regenerate with
// `node dist/deploy/grafana/generator/write.js`), every dashboard picks its datasource through a variable, and
// the provisioning files point at the paths docs/dashboards.md documents.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { dashboardFiles } from '../../../deploy/grafana/generator/dashboards.js';
import { repoRoot } from '../../support/paths.js';

const GRAFANA = join(repoRoot(), 'deploy', 'grafana');

test('deploy/grafana/dashboards/*.json are what the generator writes', () => {
  const generated = dashboardFiles();
  const onDisk = readdirSync(join(GRAFANA, 'dashboards')).filter((f) => f.endsWith('.json'));
  assert.deepEqual(onDisk.sort(), Object.keys(generated).sort());
  for (const [file, json] of Object.entries(generated)) {
    assert.equal(readFileSync(join(GRAFANA, 'dashboards', file), 'utf8'), json, `${file} drifted: run node dist/deploy/grafana/generator/write.js`);
  }
});

test('every dashboard chooses its datasource through a variable and needs no datasource name', () => {
  for (const [file, json] of Object.entries(dashboardFiles())) {
    const d = JSON.parse(json);
    assert.equal(d.__inputs, undefined, `${file}: no import-time inputs (provisioning does not resolve them)`);
    const [ds, ...filters] = d.templating.list;
    assert.equal(ds.type, 'datasource', file);
    assert.ok(['influxdb', 'prometheus'].includes(ds.query), file);
    assert.ok(filters.length >= 1, `${file} has filters`);
    for (const v of filters) {
      assert.deepEqual(v.datasource, { type: ds.query, uid: '${datasource}' }, `${file} var ${v.name}`);
      assert.equal(v.allValue, '.*', `${file} var ${v.name}: All matches series without the tag too`);
    }
    assert.doesNotMatch(json, /SenseOps|"uid": "(?!\$\{datasource\})[a-z0-9]{10,}"/i, `${file}: no datasource name or uid`);
    const uids = new Set<string>();
    const titles = JSON.stringify(d.panels.map((p: { title: string }) => p.title));
    assert.ok(titles.length > 100, file);
    for (const p of d.panels) {
      if (p.type === 'row') continue;
      assert.deepEqual(p.datasource, { type: ds.query, uid: '${datasource}' }, `${file} ${p.title}`);
      assert.ok(!uids.has(String(p.id)), `${file}: panel ids unique`);
      uids.add(String(p.id));
    }
  }
});

test('provisioning: datasources with fixed uids, a dashboard provider on the documented path, alert rules on those uids', () => {
  const ds = parse(readFileSync(join(GRAFANA, 'provisioning', 'datasources', 'butler-sos.yaml'), 'utf8'));
  assert.deepEqual(ds.datasources.map((d: { uid: string; type: string }) => `${d.uid}:${d.type}`), ['butler-sos-influxdb:influxdb', 'butler-sos-prometheus:prometheus']);
  const providers = parse(readFileSync(join(GRAFANA, 'provisioning', 'dashboards', 'butler-sos.yaml'), 'utf8'));
  assert.equal(providers.providers[0].options.path, '/var/lib/grafana/dashboards/butler-sos');
  const alerts = parse(readFileSync(join(GRAFANA, 'provisioning', 'alerting', 'butler-sos-alerts.yaml'), 'utf8'));
  const rules = alerts.groups.flatMap((g: { rules: unknown[] }) => g.rules);
  assert.equal(rules.length, 7);
  for (const r of rules) {
    assert.equal(r.condition, 'C', r.title);
    for (const q of r.data) assert.ok(['butler-sos-prometheus', 'butler-sos-influxdb', '__expr__'].includes(q.datasourceUid), `${r.title}: ${q.datasourceUid}`);
  }
  const docs = readFileSync(join(repoRoot(), 'docs', 'dashboards.md'), 'utf8');
  for (const path of ['/var/lib/grafana/dashboards/butler-sos', 'deploy/grafana/provisioning/datasources', 'deploy/grafana/provisioning/dashboards', 'deploy/grafana/provisioning/alerting']) {
    assert.ok(docs.includes(path), `docs/dashboards.md documents ${path}`);
  }
});
