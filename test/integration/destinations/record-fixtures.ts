// Shared by the MQTT and New Relic integration tests: the Butler SOS template config (placeholders filled),
// the fixture datagrams parsed by the real event handlers, and the fixture health/session bodies.
import { readFileSync } from 'node:fs';
import { loadConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema/index.js';
import { createLogEventHandler } from '../../../src/events/log-event-router.js';
import { logEventHandlerOptions, userEventHandlerOptions } from '../../../src/events/options.js';
import { createUserEventHandler } from '../../../src/events/user-event.js';
import type { LogEvent, UserEvent } from '../../../src/events/types.js';
import { readHealthBody } from '../../../src/pollers/health-body.js';
import type { EngineHealthBody } from '../../../src/points/health.js';
import { fixturePath } from '../../support/paths.js';
import { filledTemplate } from '../../unit/config/helpers.js';
import { datagrams, lookupAppName } from '../../unit/events/helpers.js';

export function templateConfig(edit: (c: Config) => void): Config {
  const config = structuredClone(loadConfigText(filledTemplate(), 'template.yaml', {}, { skipVerification: true }).config);
  edit(config);
  return config;
}

export function fixtureUserEvents(config: Config): UserEvent[] {
  const handle = createUserEventHandler(userEventHandlerOptions(config.userEvents, config.qlikSenseEvents, lookupAppName));
  const out: UserEvent[] = [];
  for (const d of datagrams('udp', 'user-events-constructed.txt')) {
    const r = handle(d);
    if (r.kind === 'event') out.push(r.event);
  }
  return out;
}

export function fixtureLogEvents(config: Config): LogEvent[] {
  const handle = createLogEventHandler(logEventHandlerOptions(config.logEvents, config.qlikSenseEvents, lookupAppName));
  const out: LogEvent[] = [];
  for (const d of datagrams('udp', 'log-events-constructed.txt')) {
    const r = handle(d);
    if (r.kind === 'event') out.push(r.event);
  }
  return out;
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(fixturePath('spec', 'http', name), 'utf8'));
}

export function fixtureHealth(): EngineHealthBody {
  return readHealthBody(fixtureJson('healthcheck-constructed-realistic.json'));
}
