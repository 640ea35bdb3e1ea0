// What a parse task builds for the record destinations from each accepted event: MQTT messages
// (docs/mqtt.md#what-is-published) and New Relic events (docs/new-relic.md#payloads), gated per
// docs/configuration.md#which-switches-send-what, collected per slice in RecordOutboxes.
import { packageVersion } from '../cli/args.js';
import type { Config } from '../config/schema/index.js';
import type { LogEvent, UserEvent } from '../events/types.js';
import { createLogEventMqttBuilder, createUserEventMqttBuilder } from '../messages/mqtt-events.js';
import { toMqttLine } from '../messages/mqtt-record.js';
import { createLogEventNrBuilder, createUserEventNrBuilder } from '../messages/new-relic-events.js';
import type { PostBatch } from './line-outbox.js';
import { RecordOutbox } from './record-outbox.js';
import { recordModuleEnabled, type RecordDest, type RecordRoute } from './routes.js';

export class EventRecords {
  private readonly outboxes: RecordOutbox[] = [];
  private readonly onLog: Array<(event: LogEvent, timeMs: number) => void> = [];
  private readonly onUser: Array<(event: UserEvent, timeMs: number) => void> = [];

  constructor(config: Config, routes: readonly RecordRoute[]) {
    const route = (dest: RecordDest, module: 'LOG_EVENTS' | 'USER_EVENTS'): RecordRoute | undefined =>
      recordModuleEnabled(config, dest, module) ? routes.find((r) => r.dest === dest) : undefined;
    const mqttLog = this.outbox('LOG_EVENTS', route('mqtt', 'LOG_EVENTS'));
    if (mqttLog.active) {
      const build = createLogEventMqttBuilder(config);
      this.onLog.push((e) => build(e).forEach((r) => mqttLog.push(toMqttLine(r))));
    }
    const mqttUser = this.outbox('USER_EVENTS', route('mqtt', 'USER_EVENTS'));
    if (mqttUser.active) {
      const build = createUserEventMqttBuilder(config);
      this.onUser.push((e) => build(e).forEach((r) => mqttUser.push(toMqttLine(r))));
    }
    const nrLog = this.outbox('LOG_EVENTS', route('new-relic', 'LOG_EVENTS'));
    if (nrLog.active) {
      const build = createLogEventNrBuilder(config, packageVersion());
      this.onLog.push((e, t) => {
        const item = build(e, t);
        if (item) nrLog.push(item);
      });
    }
    const nrUser = this.outbox('USER_EVENTS', route('new-relic', 'USER_EVENTS'));
    if (nrUser.active) {
      const build = createUserEventNrBuilder(config);
      this.onUser.push((e, t) => nrUser.push(build(e, t)));
    }
  }

  private outbox(module: 'LOG_EVENTS' | 'USER_EVENTS', route: RecordRoute | undefined): RecordOutbox {
    const box = new RecordOutbox(module, route, 'parse');
    this.outboxes.push(box);
    return box;
  }

  /** `timeUs`: the datagram's receive time (ring record), which New Relic gets as the event timestamp. */
  logEvent(event: LogEvent, timeUs: number): void {
    for (const f of this.onLog) f(event, Math.floor(timeUs / 1000));
  }

  userEvent(event: UserEvent, timeUs: number): void {
    for (const f of this.onUser) f(event, Math.floor(timeUs / 1000));
  }

  flush(post: PostBatch, postedPerWriter: number[]): void {
    for (const box of this.outboxes) box.flush(post, postedPerWriter);
  }
}
