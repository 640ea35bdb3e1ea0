// Generator for user-activity events from the proxy's two UDP appenders (docs/inputs.md#user-events-port-9997):
//   /qseow-proxy-session/;%hostname;Command;UserDirectory;UserId;Origin;Context;%message
//   /qseow-proxy-connection/;…same…
// Events come in realistic order per browser session: Start session, Open connection, (Close/Open
// connection)*, Close connection, Stop session. The message texts contain the substrings the appenders'
// StringMatch filters require and usually end with `UserAgent: '<ua>'`.
//
// Sequence token: user events only store userFull/userId/appId/appName, so the token is a suffix of the
// user id (`goran_sim:42:0000000007`, also inside the message). Cost: userId/userFull are InfluxDB tags, so
// every event creates a new series (cardinality = number of events sent). `userTokens: false` sends plain
// user ids instead; those events are then counted only in aggregate.

import type { Cluster, SimSession } from './cluster.js';
import { TemplateBuilder, type DatagramTemplate } from './datagram-template.js';
import type { Prng } from './prng.js';
import { TOKEN_PREFIX, USER_TOKEN_SEPARATOR } from './sequence-token.js';
import { USER_AGENTS, USER_AGENT_WEIGHTS } from './user-agents.js';

export const USER_EVENT_FIELD_COUNT = 8;

export type UserEventCommand = 'Start session' | 'Stop session' | 'Open connection' | 'Close connection';

const PREFIX: Record<UserEventCommand, string> = {
  'Start session': '/qseow-proxy-session/',
  'Stop session': '/qseow-proxy-session/',
  'Open connection': '/qseow-proxy-connection/',
  'Close connection': '/qseow-proxy-connection/',
};

export interface UserEventGeneratorOptions {
  cluster: Cluster;
  prng: Prng;
  runId: number;
  /** Put the sequence token into the user id (default true). */
  userTokens: boolean;
}

interface Visit {
  session: SimSession;
  context: string;
  userAgent: string;
}

/** Produces user-event templates one at a time, walking through simulated browser sessions. */
export class UserEventGenerator {
  private queue: UserEventCommand[] = [];
  private visit: Visit | null = null;

  constructor(private readonly opts: UserEventGeneratorOptions) {}

  next(): DatagramTemplate {
    if (this.queue.length === 0 || this.visit === null) this.startVisit();
    const command = this.queue.shift() as UserEventCommand;
    return this.render(command, this.visit as Visit);
  }

  private startVisit(): void {
    const { prng, cluster } = this.opts;
    const base = prng.pick(cluster.sessions);
    // A fresh proxy session for a catalogue user, so sessions differ between visits.
    const session: SimSession = { ...base, proxySessionId: prng.guid(), app: prng.pick(cluster.apps), node: prng.pick(cluster.nodes) };
    const reconnects = prng.chance(0.6) ? 0 : prng.range(1, 3);
    this.queue = ['Start session', 'Open connection'];
    for (let i = 0; i < reconnects; i++) this.queue.push('Close connection', 'Open connection');
    this.queue.push('Close connection', 'Stop session');
    this.visit = {
      session,
      context: this.context(session),
      userAgent: prng.chance(0.85) ? session.userAgent : prng.weighted(USER_AGENTS, USER_AGENT_WEIGHTS),
    };
  }

  private context(s: SimSession): string {
    const { prng } = this.opts;
    const r = prng.next();
    const appId = s.app.id;
    if (r < 0.55) return `/app/${appId}?reloaduri=https://${s.node.hostName}/sense/app/${appId}/sheet/${prng.alnum(6)}/state/analysis`;
    if (r < 0.7) return `/app/${appId}?reloaduri=https%3a%2f%2f${s.node.hostName}%2fsense%2fapp%2f${appId}`;
    if (r < 0.85) return `/app/${appId}`;
    return '/hub/';
  }

  /** Appends the user id, with the sequence token when enabled. */
  private userId(b: TemplateBuilder, userId: string): TemplateBuilder {
    if (!this.opts.userTokens) return b.text(userId);
    return b.text(`${userId}${USER_TOKEN_SEPARATOR}${TOKEN_PREFIX}${this.opts.runId}:`).seq();
  }

  private render(command: UserEventCommand, v: Visit): DatagramTemplate {
    const { prng, cluster } = this.opts;
    const s = v.session;
    const b = new TemplateBuilder('user', 0, cluster.utcOffsetMinutes)
      .text(PREFIX[command]).sep()
      .text(s.node.name).sep()
      .text(command).sep()
      .text(s.user.directory).sep();
    this.userId(b, s.user.userId).sep()
      .text('AppAccess').sep()
      // Session events after the first page view often report the hub as context.
      .text(command === 'Stop session' && prng.chance(0.5) ? '/hub/' : v.context).sep();
    const userRef = (): TemplateBuilder => this.userId(b.text(`user '${s.user.directory}\\`), s.user.userId).text("'");
    switch (command) {
      case 'Start session':
        b.text('Start session for ');
        userRef().text(` with session id '${s.proxySessionId}'`);
        break;
      case 'Stop session':
        b.text('Stop session for ');
        userRef();
        break;
      case 'Open connection':
        b.text(`Websocket connection Opened for session '${s.proxySessionId}' for `);
        userRef();
        break;
      case 'Close connection':
        b.text(`Websocket connection Closed for session '${s.proxySessionId}' for `);
        userRef();
        break;
    }
    if (command !== 'Stop session' || prng.chance(0.5)) b.text(` UserAgent: '${v.userAgent}'`);
    return b.build();
  }
}
