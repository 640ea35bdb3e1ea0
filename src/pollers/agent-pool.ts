import { Agent, interceptors, type Dispatcher } from 'undici';
import type { CertMaterial, CertStore } from './cert-store.js';

// One undici Agent per Qlik Sense server (and one for QRS), so a server that hangs holds only its own sockets
// and keep-alive connections are reused across polls. Agents carry the client certificate; when the store
// loads new certificate files the agents are rebuilt and the old ones closed once their requests finish.

export interface AgentPoolOptions {
  rejectUnauthorized: boolean;
  /** TCP + TLS connect timeout, ms. */
  connectTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Sockets per origin; a poll needs one, the extra allows a retry while a stuck one times out. */
  connectionsPerOrigin?: number;
}

interface Entry {
  agent: Agent;
  dispatcher: Dispatcher;
  generation: number;
}

const MAX_REDIRECTIONS = 5; // as Butler SOS's axios calls

export class AgentPool {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(
    private readonly certs: CertStore,
    private readonly options: AgentPoolOptions,
  ) {}

  /** The dispatcher for a server, built from the current certificate material. */
  get(key: string): Dispatcher {
    if (this.closed) throw new Error('agent pool is closed');
    const material = this.certs.current();
    const entry = this.entries.get(key);
    if (entry && entry.generation === material.generation) return entry.dispatcher;
    if (entry) void entry.agent.close().catch(() => undefined);
    const fresh = this.build(material);
    this.entries.set(key, fresh);
    return fresh.dispatcher;
  }

  private build(material: CertMaterial): Entry {
    const agent = new Agent({
      connect: {
        cert: material.cert,
        key: material.key,
        ca: material.ca,
        passphrase: material.passphrase,
        rejectUnauthorized: this.options.rejectUnauthorized,
        timeout: this.options.connectTimeoutMs,
      },
      keepAliveTimeout: this.options.keepAliveTimeoutMs,
      connections: this.options.connectionsPerOrigin ?? 2,
    });
    const dispatcher = agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }));
    return { agent, dispatcher, generation: material.generation };
  }

  /** Closes every agent; in-flight requests are aborted. */
  async close(): Promise<void> {
    this.closed = true;
    const agents = [...this.entries.values()].map((e) => e.agent);
    this.entries.clear();
    await Promise.all(agents.map((a) => a.destroy().catch(() => undefined)));
  }
}
