// One mqtt.js client with exponential reconnect backoff and a health view. mqtt.js reconnects on a fixed
// period; the period is raised after every failed attempt and reset once the broker accepts us, so a
// broker that is down for an hour sees a handful of attempts a minute, not one a second.
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { AppLogger } from '../../log/logger.js';
import type { MqttTiming } from './options.js';

export class MqttConnection {
  private client: MqttClient | undefined;
  private period: number;
  private lastError = '';
  private ever = false;
  private connects = 0;

  constructor(
    private readonly options: IClientOptions,
    private readonly timing: MqttTiming,
    private readonly target: string,
    private readonly logger: AppLogger,
  ) {
    this.period = timing.initialReconnectMs;
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Why the broker is not usable ('' when connected). Never contains credentials. */
  get downReason(): string {
    if (this.connected) return '';
    if (!this.client) return 'not started';
    return this.lastError ? `MQTT broker ${this.target} unreachable: ${this.lastError}` : `MQTT broker ${this.target}: connecting`;
  }

  /** Successful connections so far (reconnects included), for tests and stats. */
  get connectCount(): number {
    return this.connects;
  }

  get mqtt(): MqttClient | undefined {
    return this.client;
  }

  /** Starts connecting; resolves on the first connection or after waitMs, never rejects. */
  start(waitMs: number): Promise<void> {
    if (this.client) return Promise.resolve();
    const client = connect(this.options);
    this.client = client;
    client.on('connect', () => this.onConnect());
    client.on('close', () => this.onClose());
    // mqtt.js emits 'error' for refused connections and protocol errors; without a listener it would throw.
    client.on('error', (err) => {
      this.lastError = err.message || String(err);
    });
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      timer.unref();
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private onConnect(): void {
    this.connects++;
    this.lastError = '';
    this.period = this.timing.initialReconnectMs;
    if (this.client) this.client.options.reconnectPeriod = this.period;
    if (this.ever) this.logger.info({ broker: this.target }, 'MQTT broker connection restored.');
    else this.logger.info({ broker: this.target }, 'Connected to the MQTT broker.');
    this.ever = true;
  }

  private onClose(): void {
    if (!this.client || this.client.disconnecting) return;
    if (this.period === this.timing.initialReconnectMs) {
      this.logger.warn({ broker: this.target, err: this.lastError || 'connection closed' }, 'MQTT broker connection lost; reconnecting with backoff.');
    }
    // Full jitter below the doubled period, so collectors restarted together do not reconnect in lockstep.
    const next = Math.min(this.timing.maxReconnectMs, this.period * 2);
    this.client.options.reconnectPeriod = Math.max(this.timing.initialReconnectMs, Math.round(next / 2 + (Math.random() * next) / 2));
    this.period = next;
  }

  /** Ends the client: gracefully (pending acks) within graceMs, then forced. Idempotent. */
  async stop(graceMs: number): Promise<void> {
    const client = this.client;
    if (!client) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => client.end(true, {}, () => resolve()), graceMs);
      timer.unref();
      client.end(false, {}, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
