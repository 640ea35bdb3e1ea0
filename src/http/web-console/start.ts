import type { AppLogger } from '../../log/logger.js';
import { LiveFeed } from '../live/live-feed.js';
import { LiveView } from '../live/live-view.js';
import type { EngineChoice } from '../start-server.js';
import { WebConsole, type WebConsoleSettings } from './web-console.js';

// Builds and binds the web console from the http thread's config, with the live console's feed when
// configVisualisation.liveConsole.enable is on and the thread knows the collector's channels.

/** The config keys the web console reads; the whole loaded Config fits (and is what the page shows). */
export interface WebConsoleConfig {
  configVisualisation: WebConsoleSettings;
  logEvents: { udpServerConfig: { portLogEvents: number } };
  userEvents: { udpServerConfig: { portUserActivityEvents: number } };
}

export interface WebConsoleRuntime {
  instanceId: string;
  /** Parse-worker channel slots (CommonThreadData.parseSlots). */
  parseSlots: number;
  /** Parse threads running (for the sampling note). */
  parseWorkers: number;
}

export async function startWebConsole(
  config: Partial<WebConsoleConfig>,
  runtime: WebConsoleRuntime | undefined,
  logger: AppLogger,
  engine: EngineChoice,
): Promise<WebConsole | null> {
  const settings = config.configVisualisation;
  if (!settings?.enable) return null;
  let live: ConstructorParameters<typeof WebConsole>[0]['live'];
  let feed: LiveFeed | null = null;
  if (settings.liveConsole.enable && runtime) {
    const view = new LiveView({
      ports: { log: config.logEvents?.udpServerConfig.portLogEvents, user: config.userEvents?.udpServerConfig.portUserActivityEvents },
      parseWorkers: runtime.parseWorkers,
      maxEventsPerSecond: settings.liveConsole.maxEventsPerSecond,
    });
    const f = new LiveFeed(runtime.instanceId, runtime.parseSlots, view);
    feed = f;
    live = { view, setDemand: (on) => f.setDemand(on) };
  } else if (settings.liveConsole.enable) {
    logger.warn('HTTP: the live console needs the collector (no live feed outside the http thread); /live is off');
  }
  const web = new WebConsole({ settings, config, logger, engine, live, onStop: () => feed?.close() });
  await web.start();
  return web;
}
