// A test subscriber on a real broker that records every message in arrival order. It uses a persistent
// session (fixed client id, clean=false, QoS 1 subscription), so messages published while it reconnects
// after a broker restart are queued for it by the broker instead of being lost to the test.
import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';

export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

export interface Subscriber {
  readonly messages: Received[];
  /** Resolves once `count` messages arrived (throws after timeoutMs, naming what is missing). */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  /** Resolves once no message arrived for quietMs (at most maxMs): deliveries in flight have landed. */
  settled(quietMs?: number, maxMs?: number): Promise<void>;
  /** Resolves when the client is connected again (after a broker restart). */
  connected(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function subscribe(url: string, topics: string | string[], auth?: { username: string; password: string }): Promise<Subscriber> {
  const client: MqttClient = connect(url, {
    clientId: `test-sub-${randomBytes(4).toString('hex')}`,
    clean: false,
    reconnectPeriod: 50,
    connectTimeout: 5000,
    ...(auth ?? {}),
  });
  client.on('error', () => {});
  const messages: Received[] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain }));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync(topics, { qos: 1 });
  return {
    messages,
    async waitFor(count, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > end) throw new Error(`subscriber got ${messages.length} of ${count} messages; last: ${JSON.stringify(messages.slice(-3))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return messages;
    },
    async settled(quietMs = 150, maxMs = 3000) {
      const end = Date.now() + maxMs;
      let seen = -1;
      while (seen !== messages.length && Date.now() < end) {
        seen = messages.length;
        await new Promise((r) => setTimeout(r, quietMs));
      }
    },
    async connected(timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (!client.connected) {
        if (Date.now() > end) throw new Error('subscriber did not reconnect');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => client.endAsync(true),
  };
}
