// `mqttConfig` → mqtt.js client options. TLS files are read here so a wrong path fails at start-up with
// the key that names it, not later inside a reconnect loop.
import { readTlsFiles } from '../tls-files.js';
import { randomBytes } from 'node:crypto';
import type { IClientOptions } from 'mqtt';

/** The keys the MQTT destination reads (`Config['mqttConfig']` fits). */
export interface MqttDestinationConfig {
  enable: boolean;
  brokerHost: string;
  brokerPort: number;
  baseTopic?: string;
  protocol?: 'mqtt' | 'mqtts';
  tls?: { caFile?: string; certFile?: string; keyFile?: string; rejectUnauthorized?: boolean };
  username?: string;
  password?: string;
  clientId?: string;
  qos?: number;
  retain?: boolean;
}

/** Tuning that is not configuration (tests shorten it). */
export interface MqttTiming {
  /** First reconnect delay; doubles per failed attempt up to maxReconnectMs, reset on connect. */
  initialReconnectMs: number;
  maxReconnectMs: number;
  connectTimeoutMs: number;
  /** A write whose publishes are not acknowledged in this time fails (retryable). */
  publishTimeoutMs: number;
  /** start() waits this long for the first connection before reporting the broker down. */
  startWaitMs: number;
}

export const DEFAULT_MQTT_TIMING: MqttTiming = {
  initialReconnectMs: 500,
  maxReconnectMs: 30_000,
  connectTimeoutMs: 10_000,
  publishTimeoutMs: 10_000,
  startWaitMs: 2_000,
};

export function qosOf(config: MqttDestinationConfig): 0 | 1 | 2 {
  const q = config.qos ?? 0;
  return q === 1 || q === 2 ? q : 0;
}

/** Broker URL without credentials, for logs and error reports. */
export function brokerUrl(config: MqttDestinationConfig): string {
  return `${config.protocol ?? 'mqtt'}://${config.brokerHost}:${config.brokerPort}`;
}

export function clientOptions(config: MqttDestinationConfig, timing: MqttTiming): IClientOptions {
  const protocol = config.protocol ?? 'mqtt';
  const options: IClientOptions = {
    protocol,
    host: config.brokerHost,
    port: config.brokerPort,
    clientId: config.clientId || `butler-sos-${randomBytes(6).toString('hex')}`,
    clean: true,
    keepalive: 60,
    protocolVersion: 4,
    reconnectPeriod: timing.initialReconnectMs,
    connectTimeout: timing.connectTimeoutMs,
    // The delivery layer is the one bounded queue: while the broker is down a write fails and its batch
    // waits there (counted when it overflows). mqtt.js's own unbounded offline queue stays off.
    queueQoSZero: false,
    resubscribe: false,
  };
  if (config.username) options.username = config.username;
  if (config.password) options.password = config.password;
  if (protocol === 'mqtts') {
    const tls = config.tls ?? {};
    Object.assign(options, readTlsFiles(tls, 'mqttConfig.tls'));
    options.rejectUnauthorized = tls.rejectUnauthorized ?? true;
  }
  return options;
}
