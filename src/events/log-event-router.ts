// One log-event datagram (port 9996) from text to outcome: routing and parsing (docs/inputs.md), qix-perf
// monitoring (docs/inputs.md#qix-performance-monitor-logeventsengineperformancemonitor), counting keys
// (docs/inputs.md#event-counters-qliksenseevents) and categorisation
// (docs/inputs.md#categorisation-logeventscategorise). The caller (parse worker) sends the event to the destinations
// and adds the counts; nothing here logs, allocates closures or throws per datagram.
//
// Our fixes of Butler SOS v15 implemented in this file (others: see the files named in each parser):
// - Counting of not-accepted datagrams (docs/compatibility.md S6): Butler used parts[1] (the row number) as host and
//   parts[5] (the host) as subsystem. For a known but disabled source we count host = parts[5] and subsystem =
//   parts[6], the real host and logger fields; for an unknown prefix both are 'Unknown'.
// - `action: drop` in a categorisation rule drops the event (outcome `dropped-by-rule`); it is still counted,
//   since counting happens before categorisation (docs/inputs.md#categorisation-logeventscategorise).
// Kept as Butler: qix-perf events rejected by the monitor filters are not counted
// (docs/compatibility.md#kept-on-purpose), events with the perf monitor disabled are; prefix matching is
// case-insensitive and needs both slashes.
import type { EventCountKey, LogEvent, QixPerfLogEvent, RejectedQixPerfEvent } from './types.js';
import type { LogEventHandlerOptions } from './options.js';
import { recogniseLogPrefix, normalisePrefix } from './log-source.js';
import { sanitizeField } from './sanitize.js';
import { isPlainText, plainTextField, textField, type TextFieldReader } from './text-field.js';
import { normaliseGuid } from './guid.js';
import { floatOrNaN } from './numbers.js';
import { parseEngineEvent } from './engine-event.js';
import { parseProxyRepositoryEvent } from './proxy-repository-event.js';
import { parseSchedulerEvent } from './scheduler-event.js';
import {
  parseQixPerfEvent,
  QIX_PERF_APP_ID,
  QIX_PERF_METHOD,
  QIX_PERF_OBJECT_ID,
  QIX_PERF_OBJECT_TYPE,
  QIX_PERF_PROCESS_TIME,
} from './qix-perf-event.js';
import { createCategoriser, DROP } from './categorise.js';
import { createQixPerfFilter } from './qix-perf-filter.js';

export type LogEventOutcome =
  /**
   * Parsed, accepted and categorised (when categorisation is on). `count` is null when counting is off. `plain`:
   * no string of the event has a quote, control character or surrogate (the datagram had none, nor had a looked-up
   * app name), so its `raw_event` needs no JSON escaping beyond backslashes (src/points/raw-event.ts).
   */
  | { kind: 'event'; event: LogEvent; count: EventCountKey | null; plain: boolean }
  /** Unknown prefix or disabled source; `first25` for Butler's WARN line (sanitised). */
  | { kind: 'unrecognised'; count: EventCountKey | null; first25: string }
  /** qix-perf datagram while `enginePerformanceMonitor.enable` is false: counted, not published. */
  | { kind: 'perf-disabled'; count: EventCountKey | null }
  /** qix-perf event rejected by the monitor filters; `rejected` is null unless rejected-event tracking is on. */
  | { kind: 'rejected'; rejected: RejectedQixPerfEvent | null }
  /** A categorisation rule with action `drop` matched. */
  | { kind: 'dropped-by-rule'; count: EventCountKey | null };

export type LogEventHandler = (text: string) => LogEventOutcome;

const UNKNOWN = 'Unknown';

function countKey(source: string, host: string, subsystem: string): EventCountKey {
  return { eventType: 'log', source: source || UNKNOWN, host: host || UNKNOWN, subsystem: subsystem || UNKNOWN };
}

export function createLogEventHandler(options: LogEventHandlerOptions): LogEventHandler {
  const enabled = {
    engine: options.source?.engine?.enable === true,
    proxy: options.source?.proxy?.enable === true,
    repository: options.source?.repository?.enable === true,
    scheduler: options.source?.scheduler?.enable === true,
    qixPerf: options.source?.qixPerf?.enable === true,
  };
  const counting = options.eventCountEnabled === true;
  const categorise = createCategoriser(options.categorise);
  const perf = options.enginePerformanceMonitor;
  const perfMonitorOn = perf?.enable === true;
  const appNameLookupOn = perf?.appNameLookup?.enable === true;
  const trackRejected = options.trackRejected === true && perfMonitorOn;
  const acceptsQixPerf = createQixPerfFilter(perf?.monitorFilter);
  const appName = options.appName;

  function notAccepted(parts: string[], text: string, known: boolean): LogEventOutcome {
    const count = !counting
      ? null
      : known
        ? countKey(normalisePrefix(parts[0]), textField(parts[5], 100), textField(parts[6], 200))
        : countKey(sanitizeField(normalisePrefix(parts[0]), 100), UNKNOWN, UNKNOWN);
    return { kind: 'unrecognised', count, first25: sanitizeField(text, 25) };
  }

  function handleQixPerf(parts: string[], field: TextFieldReader): LogEventOutcome | QixPerfLogEvent {
    if (!perfMonitorOn) {
      return {
        kind: 'perf-disabled',
        count: counting ? countKey('qseow-qix-perf', textField(parts[5], 100), textField(parts[6], 200)) : null,
      };
    }
    const rawAppId = parts[QIX_PERF_APP_ID] ?? '';
    const appId = normaliseGuid(rawAppId) || rawAppId;
    const name = appNameLookupOn && appId !== '' ? (appName(appId) ?? '') : '';
    const method = parts[QIX_PERF_METHOD] ?? '';
    const objectType = parts[QIX_PERF_OBJECT_TYPE] ?? '';
    if (!acceptsQixPerf(appId, name, parts[QIX_PERF_OBJECT_ID] ?? '', objectType, method)) {
      const rejected: RejectedQixPerfEvent | null = trackRejected
        ? { source: 'qseow-qix-perf', appId, appName: name, method, objectType, processTime: floatOrNaN(parts[QIX_PERF_PROCESS_TIME]) }
        : null;
      return { kind: 'rejected', rejected };
    }
    return parseQixPerfEvent(parts, name, field);
  }

  return (text: string): LogEventOutcome => {
    const parts = text.split(';');
    const known = recogniseLogPrefix(parts[0]);
    if (known === undefined || !enabled[known.configKey]) return notAccepted(parts, text, known !== undefined);

    let plain = isPlainText(text);
    const field = plain ? plainTextField : textField;
    let event: LogEvent;
    switch (known.source) {
      case 'qseow-engine':
        event = parseEngineEvent(parts, field);
        break;
      case 'qseow-proxy':
      case 'qseow-repository':
        event = parseProxyRepositoryEvent(parts, known.source, field);
        break;
      case 'qseow-scheduler':
        event = parseSchedulerEvent(parts, field);
        break;
      default: {
        const result = handleQixPerf(parts, field);
        if ('kind' in result) return result;
        event = result;
        // The one string that does not come from the datagram.
        if (plain && result.app_name !== '') plain = isPlainText(result.app_name);
      }
    }

    const count = counting ? countKey(event.source, event.host, event.subsystem) : null;
    if (categorise !== undefined) {
      const category = categorise(event.level, 'message' in event ? event.message : undefined);
      if (category === DROP) return { kind: 'dropped-by-rule', count };
      event.category = category;
    }
    return { kind: 'event', event, count, plain };
  };
}
