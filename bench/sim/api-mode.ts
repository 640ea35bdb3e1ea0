// `npm run sim -- --api`: serves the Qlik Sense HTTPS APIs (engine health check, proxy sessions, QRS app list)
// of the virtual cluster on loopback with client-certificate checks, writes the client certificate files a
// collector needs, prints the config snippet to point it there, and runs until SIGINT/SIGTERM or --duration.
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { generatePki, writeClientCertFiles } from './qlik-api/pki.js';
import { QlikApiSim, type ApiBehaviour, type ApiKind } from './qlik-api/qlik-api-sim.js';

export interface ApiModeOptions {
  nodes: number;
  seed: string;
  certDir: string;
  /** `node:api:kind[:arg]` items separated by ';', e.g. `2:health:delay:3000;3:all:status:500;qrs:apps:html`. */
  behaviours: string;
  durationS: number;
}

const KINDS = ['ok', 'html', 'hang', 'delay', 'status'] as const;

/** Parses the --api-behaviour text; throws RangeError naming the bad item. */
export function parseBehaviours(text: string, nodes: number): Array<{ target: number | 'qrs'; api: ApiKind | 'all'; behaviour: ApiBehaviour }> {
  if (text.trim() === '') return [];
  return text.split(';').map((item) => {
    const [node, api, kind, arg] = item.trim().split(':');
    const target = node === 'qrs' ? 'qrs' : Number(node);
    if (target !== 'qrs' && !(Number.isInteger(target) && target >= 1 && target <= nodes)) {
      throw new RangeError(`--api-behaviour "${item}": node must be 1..${nodes} or qrs`);
    }
    if (!['health', 'sessions', 'apps', 'all'].includes(api)) throw new RangeError(`--api-behaviour "${item}": api must be health, sessions, apps or all`);
    if (!(KINDS as readonly string[]).includes(kind)) throw new RangeError(`--api-behaviour "${item}": kind must be one of ${KINDS.join(', ')}`);
    const n = Number(arg);
    let behaviour: ApiBehaviour;
    if (kind === 'delay') {
      if (!(n >= 0)) throw new RangeError(`--api-behaviour "${item}": delay needs milliseconds, e.g. 2:health:delay:3000`);
      behaviour = { kind: 'delay', ms: n };
    } else if (kind === 'status') {
      if (!(Number.isInteger(n) && n >= 100 && n <= 599)) throw new RangeError(`--api-behaviour "${item}": status needs an HTTP code, e.g. 3:all:status:500`);
      behaviour = { kind: 'status', status: n };
    } else {
      behaviour = { kind } as ApiBehaviour;
    }
    return { target, api: api as ApiKind | 'all', behaviour };
  });
}

export async function runApiMode(o: ApiModeOptions): Promise<void> {
  const behaviours = parseBehaviours(o.behaviours, o.nodes);
  const pki = generatePki();
  const files = writeClientCertFiles(resolve(o.certDir), pki.client, pki.ca.certPem);
  const sim = await QlikApiSim.start({ pki, cluster: { nodes: o.nodes, seed: o.seed } });
  for (const b of behaviours) sim.setBehaviour(b.target, b.api, b.behaviour);
  const snippet = {
    cert: files,
    appNames: { enableAppNameExtract: true, hostIP: '127.0.0.1', qrsPort: sim.qrsPort },
    serversToMonitor: {
      rejectUnauthorized: true,
      servers: sim.nodes.map((n, i) => ({
        host: n.host,
        serverName: `sim-node-${i + 1}`,
        serverDescription: `Simulated Qlik Sense node ${i + 1}`,
        userSessions: { enable: true, host: n.host, virtualProxies: [{ virtualProxy: '/' }] },
      })),
    },
  };
  console.log(`Qlik Sense APIs of ${o.nodes} simulated node(s) on 127.0.0.1 (QRS on port ${sim.qrsPort}); client certificates in ${resolve(o.certDir)}.`);
  console.log('Config snippet for the collector (under Butler-SOS):\n');
  console.log(stringify(snippet));
  await new Promise<void>((done) => {
    const timer = setTimeout(done, o.durationS * 1000);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => (clearTimeout(timer), done()));
  });
  const requests = sim.requests();
  console.log(`Served ${requests.length} request(s).`);
  await sim.close();
}
