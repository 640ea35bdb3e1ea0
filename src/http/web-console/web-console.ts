import type { AppLogger } from '../../log/logger.js';
import { LiveHub } from '../live/live-hub.js';
import type { LiveView } from '../live/live-view.js';
import { startHttpServer, type EngineChoice } from '../start-server.js';
import type { HttpReply, HttpRequestInfo, HttpServerHandle, RouteHandler } from '../types.js';
import { AccessToken } from './access-token.js';
import { loadAssets, type Asset } from './assets.js';
import { assetReply, configPage, livePage, messagePage } from './pages.js';
import { RateLimiter } from '../client-rate-limit.js';

// The web console server (configVisualisation.*): the config page at `/` (Butler SOS v15's config
// visualisation), the live console at `/live` with its WebSocket at `/live/ws`, a 404 page, 300 requests a
// minute per client IP, and the optional access token. See docs/web-console.md.

export interface WebConsoleSettings {
  enable: boolean;
  host: string;
  port: number;
  obfuscate: boolean;
  accessToken: string;
  liveConsole: { enable: boolean; maxEventsPerSecond: number };
}

export interface WebConsoleOptions {
  settings: WebConsoleSettings;
  /** The running config, the object under `Butler-SOS`. */
  config: unknown;
  logger: AppLogger;
  engine: EngineChoice;
  /** The live console's state and a way to tell the other threads whether anyone watches; absent = /live off. */
  live?: { view: LiveView; setDemand(on: boolean): void };
  /** Runs once when the console stops (closes the live feed's channels). */
  onStop?: () => void;
  /** Overrides for tests. */
  rateLimit?: RateLimiter;
}

export const LIVE_SOCKET_PATH = '/live/ws';

export class WebConsole {
  readonly hub: LiveHub | null;
  private server: HttpServerHandle | null = null;
  private readonly assets: Map<string, Asset>;
  private readonly token: AccessToken;
  private readonly limiter: RateLimiter;

  constructor(private readonly opts: WebConsoleOptions) {
    this.assets = loadAssets();
    this.token = new AccessToken(opts.settings.accessToken);
    this.limiter = opts.rateLimit ?? new RateLimiter();
    this.hub = opts.live ? new LiveHub(opts.live.view, opts.live.setDemand, opts.logger) : null;
  }

  get handle(): HttpServerHandle | null {
    return this.server;
  }

  /** Binds configVisualisation.host:port; rejects naming the key when it cannot. */
  async start(): Promise<HttpServerHandle> {
    const { settings, logger } = this.opts;
    this.server = await startHttpServer(
      {
        host: settings.host,
        port: settings.port,
        label: 'configVisualisation.port',
        routes: this.routes(),
        guard: (req) => this.guard(req),
        notFound: () => this.message(404, 'Not found', 'There is no page at this address. The configuration is at / and the live console at /live.'),
        webSocket: this.hub?.route(LIVE_SOCKET_PATH),
      },
      this.opts.engine,
      logger,
    );
    const base = `http://${settings.host}:${this.server.port}`;
    logger.info(`HTTP: web console on ${base}/ (config${this.hub ? `, live console at ${base}/live` : ''}; ${this.server.engine})`);
    if (!this.token.required && !isLoopback(settings.host)) {
      logger.warn(
        `HTTP: the web console listens on ${settings.host} without an access token: anyone who can reach port ${this.server.port} sees the configuration${this.hub ? ' and the live events' : ''}. Set configVisualisation.accessToken or bind to localhost.`,
      );
    }
    return this.server;
  }

  /** A message from the metrics channel, for the live console. */
  applyMetrics(msg: unknown): void {
    this.opts.live?.view.applyMetrics(msg);
  }

  async stop(): Promise<void> {
    this.hub?.stop();
    this.opts.onStop?.();
    await this.server?.close();
  }

  closeNow(): void {
    this.hub?.stop();
    this.opts.onStop?.();
    this.server?.closeNow();
  }

  private routes(): Map<string, RouteHandler> {
    const { settings, config } = this.opts;
    const asset = (name: string): Asset => this.assets.get(name)!;
    const routes = new Map<string, RouteHandler>([['/', () => configPage(asset('config.html').body, { config, obfuscate: settings.obfuscate, liveEnabled: this.hub !== null })]]);
    if (this.hub) routes.set('/live', () => livePage(asset('live.html').body));
    for (const [name, a] of this.assets) if (!name.endsWith('.html')) routes.set(`/assets/${name}`, () => assetReply(a));
    return routes;
  }

  /** Rate limit first (every request counts, the WebSocket upgrade too), then the access token. */
  private guard(req: HttpRequestInfo): HttpReply | null {
    const verdict = this.limiter.take(req.remoteAddress);
    if (!verdict.allowed) {
      if (verdict.firstRefusal) this.opts.logger.warn({ client: req.remoteAddress, path: req.path }, `HTTP: web console rate limit reached (${this.limiter.limit} requests a minute); answering 429 to this client for ${verdict.resetSeconds} s`);
      return this.message(429, 'Too many requests', `Rate limit exceeded (${this.limiter.limit} requests a minute), retry in ${verdict.resetSeconds} seconds.`, {
        'Retry-After': String(verdict.resetSeconds),
        'X-RateLimit-Limit': String(this.limiter.limit),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(verdict.resetSeconds),
      });
    }
    switch (this.token.check(req)) {
      case 'open':
      case 'ok':
        return null;
      case 'login':
        return { status: 302, headers: { Location: req.path, 'Set-Cookie': this.token.cookie(), 'Cache-Control': 'no-store' }, body: '' };
      case 'denied':
        return this.message(401, 'Access token required', 'This Butler SOS web console is protected by an access token (configVisualisation.accessToken).', {}, true);
    }
  }

  private message(status: number, title: string, text: string, headers: Record<string, string> = {}, form = false): HttpReply {
    return messagePage(this.assets.get('message.html')!.body, status, title, text, headers, form);
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
