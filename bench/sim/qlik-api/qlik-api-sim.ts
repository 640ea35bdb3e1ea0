import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createCluster, type Cluster, type ClusterOptions, type SimNode } from '../cluster.js';
import { appListBody, healthBody, LOGIN_PAGE_HTML, sessionsBody } from './bodies.js';
import type { Pki } from './pki.js';

// The HTTPS APIs of a simulated Qlik Sense cluster on loopback: per node the engine health check and the
// proxy session API (one port each node, Qlik uses 4747 and 4243), plus the repository's app list (QRS).
// Like Qlik, every port demands a client certificate issued by the cluster CA. Tests steer failures per node
// and API (status codes, HTML, hangs, delays) and read the request log to see when each poll arrived.

export type ApiKind = 'health' | 'sessions' | 'apps';

export type ApiBehaviour =
  | { kind: 'ok' }
  | { kind: 'json'; body: unknown }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'html' }
  | { kind: 'hang' }
  | { kind: 'delay'; ms: number };

export interface ApiRequest {
  /** Epoch ms when the request arrived. */
  at: number;
  /** Node name (`sense1`…) or `qrs`. */
  target: string;
  kind: ApiKind | 'other';
  path: string;
  virtualProxy?: string;
  /** Common name and serial of the client certificate presented. */
  clientCn?: string;
  clientSerial?: string;
  headers: Record<string, string | undefined>;
  /** Status sent ('hang' requests: 0). */
  status: number;
}

export interface QlikApiSimOptions {
  pki: Pki;
  cluster?: Cluster | ClusterOptions;
  /** Node indexes (1-based) whose server presents a certificate from the unrelated CA. */
  untrustedNodes?: number[];
}

export interface SimNodeEndpoint {
  node: SimNode;
  port: number;
  /** `127.0.0.1:<port>`, what goes into serversToMonitor.servers[].host and userSessions.host. */
  host: string;
}

const LOOPBACK = '127.0.0.1';

function listen(server: Server): Promise<number> {
  // Keep idle connections like a long-running Qlik service does, rather than Node's 5 s default, so a
  // collector polling every few seconds reuses its TLS sessions instead of handshaking on every poll.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve((server.address() as AddressInfo).port));
  });
}

export class QlikApiSim {
  readonly cluster: Cluster;
  readonly nodes: SimNodeEndpoint[] = [];
  qrsPort = 0;
  private readonly servers: Server[] = [];
  private readonly behaviours = new Map<string, ApiBehaviour>();
  private readonly log: ApiRequest[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private readonly counters = new Map<number, number>();

  private constructor(private readonly options: QlikApiSimOptions) {
    const c = options.cluster;
    this.cluster = c && 'nodes' in c && Array.isArray(c.nodes) ? (c as Cluster) : createCluster(c as ClusterOptions | undefined);
  }

  static async start(options: QlikApiSimOptions): Promise<QlikApiSim> {
    const sim = new QlikApiSim(options);
    await sim.listenAll();
    return sim;
  }

  private tlsOptions(untrusted: boolean) {
    const { pki } = this.options;
    const identity = untrusted ? pki.rogueServer : pki.server;
    return { key: identity.keyPem, cert: identity.certPem, ca: [pki.ca.certPem], requestCert: true, rejectUnauthorized: true };
  }

  private async listenAll(): Promise<void> {
    const untrusted = new Set(this.options.untrustedNodes ?? []);
    for (const node of this.cluster.nodes) {
      const server = createServer(this.tlsOptions(untrusted.has(node.index)), (req, res) => this.handle(node.name, node, req, res));
      this.servers.push(server);
      const port = await listen(server);
      this.nodes.push({ node, port, host: `${LOOPBACK}:${port}` });
    }
    const qrs = createServer(this.tlsOptions(false), (req, res) => this.handle('qrs', undefined, req, res));
    this.servers.push(qrs);
    this.qrsPort = await listen(qrs);
  }

  /** Sets how a node (1-based index) or the QRS answers one API, or all of them. */
  setBehaviour(target: number | 'qrs', kind: ApiKind | 'all', behaviour: ApiBehaviour): void {
    this.behaviours.set(`${target}:${kind}`, behaviour);
  }

  resetBehaviours(): void {
    this.behaviours.clear();
    this.releaseHanging();
  }

  private behaviour(target: number | 'qrs', kind: ApiKind): ApiBehaviour {
    return this.behaviours.get(`${target}:${kind}`) ?? this.behaviours.get(`${target}:all`) ?? { kind: 'ok' };
  }

  /** Every request received so far, in arrival order. */
  requests(filter?: { target?: string; kind?: ApiKind }): ApiRequest[] {
    return this.log.filter((r) => (!filter?.target || r.target === filter.target) && (!filter?.kind || r.kind === filter.kind));
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  /** The body a node's n-th health request (0-based) was served with the default behaviour. */
  healthBodyFor(nodeIndex: number, counter: number): Record<string, unknown> {
    return healthBody(this.cluster, this.cluster.nodes[nodeIndex - 1], counter);
  }

  private classify(target: string, path: string): { kind: ApiKind | 'other'; virtualProxy?: string } {
    if (target === 'qrs') return { kind: path === '/qrs/app' ? 'apps' : 'other' };
    if (path === '/engine/healthcheck' || path === '/healthcheck') return { kind: 'health' };
    const m = /^\/qps(\/[^/]+)?\/session$/.exec(path);
    if (m) return { kind: 'sessions', virtualProxy: m[1] ?? '/' };
    return { kind: 'other' };
  }

  private handle(target: string, node: SimNode | undefined, req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://sim');
    const { kind, virtualProxy } = this.classify(target, url.pathname);
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    const entry: ApiRequest = {
      at: Date.now(),
      target,
      kind,
      path: url.pathname,
      virtualProxy,
      clientCn: peer?.subject ? String(peer.subject.CN) : undefined,
      clientSerial: peer?.serialNumber,
      headers: {
        xrfkey: req.headers['x-qlik-xrfkey'] as string | undefined,
        virtualProxy: req.headers['xvirtualproxy'] as string | undefined,
        qlikUser: req.headers['x-qlik-user'] as string | undefined,
        cacheControl: req.headers['cache-control'] as string | undefined,
      },
      status: 0,
    };
    this.log.push(entry);
    if (kind === 'other' || req.method !== 'GET') return this.send(res, entry, 404, 'text/plain', 'Not found');
    const problem = this.checkHeaders(kind, url, req);
    if (problem) return this.send(res, entry, problem.status, 'text/plain', problem.message);
    const b = this.behaviour(node ? node.index : 'qrs', kind);
    switch (b.kind) {
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      case 'status':
        return this.send(res, entry, b.status, 'text/plain', b.body ?? `Simulated HTTP ${b.status}`);
      case 'html':
        return this.send(res, entry, 200, 'text/html; charset=utf-8', LOGIN_PAGE_HTML);
      case 'json':
        return this.send(res, entry, 200, 'application/json', JSON.stringify(b.body));
      case 'delay': {
        const timer = setTimeout(() => this.send(res, entry, 200, 'application/json', this.defaultBody(kind, node, virtualProxy)), b.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'ok':
        return this.send(res, entry, 200, 'application/json', this.defaultBody(kind, node, virtualProxy));
    }
  }

  /** QPS and QRS refuse a request whose xrfkey header and query parameter differ; QRS needs a user header. */
  private checkHeaders(kind: ApiKind, url: URL, req: IncomingMessage): { status: number; message: string } | undefined {
    if (kind === 'health') return undefined;
    let query: string | null = null;
    for (const [k, v] of url.searchParams) if (k.toLowerCase() === 'xrfkey') query = v;
    if (!query || query !== String(req.headers['x-qlik-xrfkey'] ?? '')) return { status: 400, message: 'XSRF prevention check failed' };
    if (kind === 'apps' && !req.headers['x-qlik-user']) return { status: 403, message: 'No X-Qlik-User header' };
    return undefined;
  }

  private defaultBody(kind: ApiKind, node: SimNode | undefined, virtualProxy: string | undefined): string {
    if (kind === 'apps') return JSON.stringify(appListBody(this.cluster));
    if (!node) return '[]';
    if (kind === 'sessions') return JSON.stringify(sessionsBody(this.cluster, node, virtualProxy ?? '/'));
    const n = this.counters.get(node.index) ?? 0;
    this.counters.set(node.index, n + 1);
    return JSON.stringify(healthBody(this.cluster, node, n));
  }

  private send(res: ServerResponse, entry: ApiRequest, status: number, type: string, body: string): void {
    entry.status = status;
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  private releaseHanging(): void {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  async close(): Promise<void> {
    this.releaseHanging();
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  }
}
