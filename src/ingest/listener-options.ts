// Settings of one UDP listener. UdpServerConfig mirrors Butler SOS v15's `udpServerConfig` YAML subtree key for
// key, so the config loader can pass it through; IngestTuning holds the new settings of this edition.

export interface UdpServerConfig {
  serverHost?: string;
  /** Log-event socket port (Butler `logEvents.udpServerConfig`). */
  portLogEvents?: number;
  /** User-event socket port (Butler `userEvents.udpServerConfig`). */
  portUserActivityEvents?: number;
  /**
   * Bytes; default 65507; a value that is not a finite number means no limit
   * (docs/inputs.md#limits-applied-on-the-socket-in-this-order).
   */
  maxMessageSize?: number;
  /** backpressureThreshold sets the ring fill that counts as backpressure; the other two are not applied (config/not-applied.ts). */
  messageQueue?: { maxConcurrent?: number; maxSize?: number; backpressureThreshold?: number };
  rateLimit?: { enable?: boolean; maxMessagesPerMinute?: number };
  enableSourceValidation?: boolean;
  allowedSources?: readonly string[] | null;
}

export interface IngestTuning {
  /** Data-region bytes of each socket's ring. */
  ringBytes: number;
  /** SO_RCVBUF to request; 0 keeps the OS default. Linux caps it at net.core.rmem_max. */
  udpReceiveBufferBytes: number;
  sliceMaxDatagrams: number;
  sliceMaxDelayMs: number;
  maxSlicesInFlight: number;
}

export const DEFAULT_INGEST_TUNING: Readonly<IngestTuning> = {
  ringBytes: 32 * 1024 * 1024,
  udpReceiveBufferBytes: 0,
  sliceMaxDatagrams: 256,
  sliceMaxDelayMs: 25,
  maxSlicesInFlight: 8,
};

export const DEFAULT_PORTS = { log: 9996, user: 9997 } as const;
export const DEFAULT_MAX_MESSAGE_SIZE = 65507;
export const DEFAULT_MAX_MESSAGES_PER_MINUTE = 600;

export type SocketName = 'log' | 'user';

/** The parts of the config that say which sockets listen. */
export interface ListeningConfig {
  userEvents: { enable: boolean; udpServerConfig: UdpServerConfig };
  logEvents: { source: Record<string, { enable?: boolean }>; udpServerConfig: UdpServerConfig };
}

/** Sockets that are bound, with their configured ports: user events when enabled, log events when any source is. */
export function listeningPorts(config: ListeningConfig): Partial<Record<SocketName, number>> {
  const out: Partial<Record<SocketName, number>> = {};
  if (Object.values(config.logEvents.source).some((s) => s.enable === true)) {
    out.log = config.logEvents.udpServerConfig.portLogEvents ?? DEFAULT_PORTS.log;
  }
  if (config.userEvents.enable === true) out.user = config.userEvents.udpServerConfig.portUserActivityEvents ?? DEFAULT_PORTS.user;
  return out;
}
