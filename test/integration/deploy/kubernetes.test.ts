// deploy/kubernetes validated offline: `kubectl kustomize` builds each overlay, and every object it emits is
// checked against the Kubernetes OpenAPI schemas that the kubernetes-models npm package ships (its validate()),
// then against what the collector needs: the source IP kept on the UDP Service, probes on /health and /ready,
// a grace period beyond the drain, one disruption budget over every collector, the PVC where the config
// puts the spool and the files, and a ConfigMap whose configuration passes --check-config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from '../../support/paths.js';

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [k: string]: any };

const root = repoRoot();
const overlays = ['single', 'scale-out'];

function build(overlay: string): K8sObject[] {
  const res = spawnSync('kubectl', ['kustomize', join(root, 'deploy', 'kubernetes', 'overlays', overlay)], { encoding: 'utf8' });
  assert.equal(res.error, undefined, 'kubectl is installed');
  assert.equal(res.status, 0, res.stderr);
  return parseAllDocuments(res.stdout).map((d) => d.toJS() as K8sObject);
}

/** Validates with the kubernetes-models class for the object's apiVersion/kind; returns the problem or null. */
async function schemaProblem(obj: K8sObject): Promise<string | null> {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const mod = (await import(`kubernetes-models/${group ? `${group}/` : ''}${version}/${obj.kind}`)) as Record<string, new (o: unknown) => { validate(): void }>;
  try {
    new mod[obj.kind](obj).validate();
    return null;
  } catch (err) {
    return `${obj.kind}/${obj.metadata.name}: ${(err as Error).message.slice(0, 500)}`;
  }
}

const byKind = (objs: K8sObject[], kind: string) => objs.filter((o) => o.kind === kind);

test('kubernetes: the schema check is real (a Deployment with replicas "one" and a UDP Service port without a number fail)', async () => {
  const bad = build('single').find((o) => o.kind === 'Deployment')!;
  assert.notEqual(await schemaProblem({ ...bad, spec: { ...bad.spec, replicas: 'one' } }), null);
  const svc = build('single').find((o) => o.kind === 'Service')!;
  assert.notEqual(await schemaProblem({ ...svc, spec: { ...svc.spec, ports: [{ protocol: 'UDP' }] } }), null);
});

for (const overlay of overlays) {
  test(`kubernetes overlay ${overlay}: kustomize builds, every object passes its schema, the collector's needs are met`, async () => {
    const objs = build(overlay);
    const problems = (await Promise.all(objs.map(schemaProblem))).filter((p) => p !== null);
    assert.deepEqual(problems, []);

    const deployments = byKind(objs, 'Deployment');
    assert.equal(deployments.length, overlay === 'single' ? 1 : 3);
    const pdbs = byKind(objs, 'PodDisruptionBudget');
    assert.equal(pdbs.length, 1, 'one budget: two matching a pod block its eviction');
    for (const d of deployments) {
      const pod = d.spec.template;
      const labels = pod.metadata.labels as Record<string, string>;
      for (const [k, v] of Object.entries(pdbs[0].spec.selector.matchLabels)) assert.equal(labels[k], v, `${d.metadata.name} is under the budget`);
      assert.ok(pod.spec.terminationGracePeriodSeconds > 9, 'grace beyond the 9 s drain');
      const c = pod.spec.containers[0];
      assert.equal(c.livenessProbe.httpGet.path, '/health');
      assert.equal(c.readinessProbe.httpGet.path, '/ready');
      assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory);
      // The Secret and ConfigMap it references exist in the build.
      for (const e of c.env) assert.ok(objs.some((o) => o.kind === 'Secret' && o.metadata.name === e.valueFrom.secretKeyRef.name), e.name);
      const configMap = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === pod.spec.volumes.find((v: any) => v.name === 'config').configMap.name)!;
      const claim = pod.spec.volumes.find((v: any) => v.name === 'data').persistentVolumeClaim.claimName;
      assert.ok(objs.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === claim));
      const dataMount = c.volumeMounts.find((m: any) => m.name === 'data').mountPath;

      // The configuration: valid, probes on the port the kubelet uses, spool and files on the PVC.
      const config = parse(configMap.data['production.yaml'])['Butler-SOS'];
      assert.equal(config.prometheus.port, c.ports.find((p: any) => p.name === 'metrics').containerPort);
      assert.ok(config.delivery.spool.directory.startsWith(`${dataMount}/`));
      assert.ok(config.fileDestination.directory.startsWith(`${dataMount}/`));
      const dir = mkdtempSync(join(tmpdir(), 'bsos-k8s-'));
      try {
        writeFileSync(join(dir, 'production.yaml'), configMap.data['production.yaml']);
        const check = spawnSync(process.execPath, [join(root, 'dist', 'src', 'main.js'), '--check-config', '-c', join(dir, 'production.yaml')], { encoding: 'utf8' });
        assert.equal(check.status, 0, `${configMap.metadata.name}: ${check.stdout}${check.stderr}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const udp = byKind(objs, 'Service').filter((s) => s.spec.ports.every((p: any) => p.protocol === 'UDP'));
    assert.equal(udp.length, deployments.length, 'one UDP Service per collector');
    for (const s of udp) {
      assert.equal(s.spec.externalTrafficPolicy, 'Local', `${s.metadata.name} keeps the source IP`);
      assert.deepEqual(s.spec.ports.map((p: any) => p.port).sort(), [9996, 9997]);
      const owner = deployments.filter((d) => Object.entries(s.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
      assert.equal(owner.length, 1, `${s.metadata.name} selects exactly one collector`);
    }
    if (overlay === 'scale-out') {
      const tags = byKind(objs, 'ConfigMap').map((m) => parse(m.data['production.yaml'])['Butler-SOS'].logEvents.tags.find((t: any) => t.name === 'butler_sos_collector')?.value);
      assert.deepEqual(tags.sort(), ['collector-a', 'collector-b', 'collector-c'], 'each collector tags its events with its name');
    }
  });
}
