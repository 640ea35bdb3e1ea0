// `promtool check metrics` on a scraped exposition. Under CI=true a missing promtool fails the test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

export function promtoolAvailable(t: { skip(msg: string): void }): boolean {
  if (existsSync(PROMTOOL)) return true;
  if (process.env.CI === 'true') assert.fail(`promtool not found at ${PROMTOOL} (CI=true: required)`);
  t.skip(`promtool not found at ${PROMTOOL}; install prometheus to run this check`);
  return false;
}

// promtool's lint flags gauges named *_total. These names are the Butler SOS 15 contract
// (docs/prometheus.md#butler-sos-gauges: dashboards query them) or prom-client's default Node metrics, so exactly these
// may be reported; anything else fails, and a parse error (exit 1) always fails.
const CONTRACT_TOTAL_GAUGES = [
  'butlersos_apps_activedocs_total',
  'butlersos_apps_inmemorydocs_total',
  'butlersos_apps_loadeddocs_total',
  'butlersos_cpu_total',
  'butlersos_session_total',
  'butlersos_user_session_total',
  'butlersos_users_total',
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export function promtoolCheck(text: string): void {
  const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 20_000 });
  const output = `${check.stdout}${check.stderr}`;
  assert.ok(check.status === 0 || check.status === 3, `promtool check metrics: exit ${check.status} (1 = not parsable):\n${output}`);
  const problems = output.split('\n').filter((l) => l.trim() !== '');
  const unexpected = problems.filter((l) => !CONTRACT_TOTAL_GAUGES.some((name) => l === `${name} non-counter metrics should not have "_total" suffix`));
  assert.deepEqual(unexpected, [], 'promtool lint problems beyond the contract names');
}

