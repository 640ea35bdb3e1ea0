import type { Config } from '../config/schema/index.js';
import { liveChannelNames, openChannel, type LiveProducer } from './channels.js';
import { LiveDemand } from './demand.js';
import { LiveSampler, type LiveTap } from './sampler.js';
import type { LiveErrorMessage } from './messages.js';
import type { ErrorReport } from '../threads/messages.js';

/** Whether the configuration serves the live console at all (no channels are opened otherwise). */
export function liveConsoleEnabled(config: Pick<Config, 'configVisualisation'>): boolean {
  return config.configVisualisation.enable === true && config.configVisualisation.liveConsole.enable === true;
}

/** A parse worker's sampler, or undefined when the live console is off. */
export function liveTapFor(config: Config, instanceId: string, producer: LiveProducer): LiveTap | undefined {
  if (!liveConsoleEnabled(config)) return undefined;
  const out = openChannel(liveChannelNames(instanceId).from(producer));
  return new LiveSampler(new LiveDemand(instanceId), (msg) => out.postMessage(msg), config.configVisualisation.liveConsole.maxEventsPerSecond);
}

const LIVE_INTERVAL_MS = 1_000;

/**
 * Runs `publish` every `normalMs`, and every second while a live client watches (the console shows
 * per-second rates). Returns the stop function.
 */
export function liveAwareInterval(config: Config, instanceId: string, normalMs: number, publish: () => void): () => void {
  if (!liveConsoleEnabled(config)) {
    const timer = setInterval(publish, normalMs);
    return () => clearInterval(timer);
  }
  const demand = new LiveDemand(instanceId);
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    if (!demand.on && now - last < normalMs - LIVE_INTERVAL_MS / 2) return;
    last = now;
    publish();
  }, LIVE_INTERVAL_MS);
  return () => {
    clearInterval(timer);
    demand.close();
  };
}

/** The tracker's forwarder of error reports to the console: at most `perSecond`, only while watched. */
export function liveErrorForwarder(config: Config, instanceId: string, perSecond = 20): ((report: LiveErrorInput) => void) & { close(): void } {
  const noop = Object.assign(() => {}, { close: () => {} });
  if (!liveConsoleEnabled(config)) return noop;
  const demand = new LiveDemand(instanceId);
  const out = openChannel(liveChannelNames(instanceId).from('tracker'));
  let windowStart = 0;
  let sent = 0;
  const forward = (r: LiveErrorInput): void => {
    if (!demand.on) return;
    const now = Date.now();
    if (now - windowStart >= 1_000) {
      windowStart = now;
      sent = 0;
    }
    if (sent++ >= perSecond) return;
    const msg: LiveErrorMessage = { t: 'live-error', type: r.type, serverName: r.serverName, message: r.err?.message ?? r.err?.code ?? 'unknown error', at: r.at };
    out.postMessage(msg);
  };
  return Object.assign(forward, {
    close: () => {
      demand.close();
      out.close();
    },
  });
}

type LiveErrorInput = Pick<ErrorReport, 'type' | 'serverName' | 'err' | 'at'>;
