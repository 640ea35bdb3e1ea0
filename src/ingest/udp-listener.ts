import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { AppLogger } from '../log/logger.js';
import { StartupError } from '../threads/startup-error.js';
import { parseIPv4 } from './ipv4.js';
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  DEFAULT_MAX_MESSAGES_PER_MINUTE,
  DEFAULT_PORTS,
  type SocketName,
  type UdpServerConfig,
} from './listener-options.js';
import { FixedWindowRateLimiter } from './rate-limiter.js';
import { REJECTED_LOG_INTERVAL_MS, RejectedSourceLog } from './rejected-source-log.js';
import { Ctl } from './ring-layout.js';
import type { SliceDispatcher } from './slice-dispatcher.js';
import { SOURCE_REFRESH_MS, SourceAllowList, type IPv4Resolver } from './source-allow-list.js';

export interface UdpListenerOptions {
  socket: SocketName;
  udpServerConfig: UdpServerConfig;
  /** SO_RCVBUF to request; 0 = OS default. */
  udpReceiveBufferBytes: number;
  /** Owns the ring this socket writes into. */
  dispatcher: SliceDispatcher;
  logger: AppLogger;
  /** Host-name resolver for allowedSources (tests inject one). */
  resolve?: IPv4Resolver;
  /** How often host names are resolved again, and rejections summarised (tests shorten them). */
  sourceRefreshMs?: number;
  rejectedLogMs?: number;
}

// Oversized datagrams are logged at most once per minute with a count (Butler logs every one).
const SIZE_LOG_INTERVAL_MS = 60_000;

/**
 * One UDP socket on the main thread. Per datagram, in Butler's order
 * (docs/inputs.md#limits-applied-on-the-socket-in-this-order): source allow-list, size limit, rate limit, copy into the
 * ring. It never parses, awaits or blocks; every drop is a counter in the ring's control words.
 */
export class UdpListener {
  private readonly options: UdpListenerOptions;
  private readonly label: string;
  private readonly logger: AppLogger;
  private readonly dispatcher: SliceDispatcher;
  private readonly control: Int32Array;
  private readonly maxMessageSize: number;
  private readonly limiter: FixedWindowRateLimiter | null;
  private readonly rejectedLog: RejectedSourceLog;
  private allowList: SourceAllowList = SourceAllowList.allowAll();
  private validating = false;
  private socket: Socket | null = null;
  private started = false;
  private closing: Promise<void> | null = null;
  private grantedReceiveBuffer = 0;
  private oversizedSinceLog = 0;
  private lastSizeLogMs = -Infinity;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(options: UdpListenerOptions) {
    this.options = options;
    this.label = options.socket === 'log' ? 'LOG EVENT' : 'USER EVENT';
    this.logger = options.logger;
    this.dispatcher = options.dispatcher;
    this.control = options.dispatcher.ring.control;
    const config = options.udpServerConfig;
    const size = config.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.maxMessageSize = Number.isFinite(size) ? size : Infinity;
    const rate = config.rateLimit;
    this.limiter =
      rate?.enable === true ? new FixedWindowRateLimiter(rate.maxMessagesPerMinute ?? DEFAULT_MAX_MESSAGES_PER_MINUTE) : null;
    this.rejectedLog = new RejectedSourceLog(this.logger, this.label);
  }

  /** Resolves the allow-list, binds, applies the receive buffer size; resolves with the bound address. */
  async start(): Promise<AddressInfo> {
    if (this.started) throw new Error(`${this.label}: UDP listener already started`);
    this.started = true;
    const config = this.options.udpServerConfig;
    this.allowList = await SourceAllowList.build(config, this.logger, this.label, this.options.resolve);
    this.validating = this.allowList.active;
    if (this.validating) this.startValidationTimers();

    const socket = createSocket({ type: 'udp4', reuseAddr: false });
    socket.on('message', this.onMessage);
    const port = (this.options.socket === 'log' ? config.portLogEvents : config.portUserActivityEvents) ?? DEFAULT_PORTS[this.options.socket];
    const host = config.serverHost === '' ? undefined : config.serverHost;
    try {
      await bind(socket, port, host);
    } catch (err) {
      try {
        socket.close();
      } catch {
        // Already closed by the failed bind.
      }
      throw new UdpBindError(bindFailure(this.options.socket, host ?? '0.0.0.0', port, err), { cause: err });
    }
    if (this.closing !== null) {
      // close() was called while the bind was in progress: do not leave a socket listening.
      socket.close();
      throw new Error(`${this.label}: UDP listener closed during start`);
    }
    this.socket = socket;
    socket.on('error', this.onError);
    socket.on('close', () => this.logger.info(`${this.label}: UDP server closed.`));
    this.applyReceiveBuffer(socket);
    const address = socket.address();
    this.logger.info(`${this.label}: UDP server listening on ${address.address}:${address.port}`);
    return address;
  }

  /** Stops receiving (idempotent). The supervisor then drains the dispatcher. */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    for (const t of this.timers) clearInterval(t);
    this.rejectedLog.flush();
    const socket = this.socket;
    this.closing =
      socket === null ? Promise.resolve() : new Promise<void>((resolve) => socket.close(() => resolve()));
    return this.closing;
  }

  /** The bound address while listening; null before start and after close. */
  address(): AddressInfo | null {
    return this.socket === null || this.closing !== null ? null : this.socket.address();
  }

  /** SO_RCVBUF as the OS reports it (Linux reports double the usable size, see usableReceiveBuffer); 0 before start. */
  get receiveBufferBytes(): number {
    return this.grantedReceiveBuffer;
  }

  /** Whether source validation is in force (also when nothing is allowed: then every sender is rejected). */
  get sourceValidationActive(): boolean {
    return this.validating;
  }

  /** Butler's `rate_limit_current`: messages per minute in the current window; 0 when disabled. */
  rateLimitCurrent(nowMs: number = Date.now()): number {
    return this.limiter === null ? 0 : this.limiter.currentRate(nowMs);
  }

  // The hot path. One bound function for the socket's lifetime; dgram already allocated msg and rinfo.
  private readonly onMessage = (msg: Buffer, rinfo: RemoteInfo): void => {
    const control = this.control;
    const address = parseIPv4(rinfo.address);
    if (this.validating && !this.allowList.allows(address)) {
      Atomics.add(control, Ctl.DROPPED_SOURCE, 1);
      this.rejectedLog.rejected(address, rinfo.port);
      return;
    }
    const length = msg.length;
    Atomics.add(control, Ctl.RECEIVED, 1);
    Atomics.add(control, Ctl.RECEIVED_BYTES, length);
    if (length > this.maxMessageSize) {
      Atomics.add(control, Ctl.DROPPED_SIZE, 1);
      this.noteOversized(length);
      return;
    }
    if (this.limiter !== null && !this.limiter.allow(Date.now())) {
      Atomics.add(control, Ctl.DROPPED_RATE_LIMIT, 1);
      return;
    }
    // A full ring counts DROPPED_RING_FULL itself.
    this.dispatcher.write(msg, address, rinfo.port);
  };

  /** Off the hot path: a summary of rejected senders, and host names in allowedSources resolved again. */
  private startValidationTimers(): void {
    const summary = setInterval(() => this.rejectedLog.flush(), this.options.rejectedLogMs ?? REJECTED_LOG_INTERVAL_MS);
    this.timers.push(summary);
    if (this.allowList.hasNames) {
      let refreshing = false;
      const refresh = setInterval(() => {
        if (refreshing) return;
        refreshing = true;
        void this.allowList.refresh().finally(() => (refreshing = false));
      }, this.options.sourceRefreshMs ?? SOURCE_REFRESH_MS);
      this.timers.push(refresh);
    }
    for (const t of this.timers) t.unref();
  }

  private readonly onError = (err: Error): void => {
    // Butler SOS had no handler here, so a socket error crashed the process (BSOS#1164).
    Atomics.add(this.control, Ctl.SOCKET_ERRORS, 1);
    this.logger.error({ err: err.message, code: (err as NodeJS.ErrnoException).code }, `${this.label}: UDP socket error.`);
  };

  private noteOversized(length: number): void {
    this.oversizedSinceLog++;
    const now = Date.now();
    if (now - this.lastSizeLogMs < SIZE_LOG_INTERVAL_MS) return;
    this.lastSizeLogMs = now;
    this.logger.warn(
      { dropped: this.oversizedSinceLog, maxMessageSize: this.maxMessageSize },
      `${this.label}: UDP message exceeds size limit: ${length} bytes.`,
    );
    this.oversizedSinceLog = 0;
  }

  private applyReceiveBuffer(socket: Socket): void {
    const requested = this.options.udpReceiveBufferBytes;
    if (requested > 0) {
      try {
        socket.setRecvBufferSize(requested);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, `${this.label}: Could not set the UDP receive buffer to ${requested} bytes.`);
      }
    }
    this.grantedReceiveBuffer = socket.getRecvBufferSize();
    // Linux reports double what it grants (the other half is kernel bookkeeping) and caps the grant at
    // net.core.rmem_max: one line in usable bytes, the unit of ingest.udpReceiveBufferBytes.
    const usable = usableReceiveBuffer(this.grantedReceiveBuffer);
    if (requested === 0) {
      this.logger.info({ usable }, `${this.label}: UDP receive buffer is the OS default, ${usable} bytes.`);
    } else if (usable < requested) {
      this.logger.warn(
        { requested, usable },
        `${this.label}: UDP receive buffer is ${usable} bytes, not the ${requested} of ingest.udpReceiveBufferBytes: the OS caps it (raise net.core.rmem_max on Linux).`,
      );
    } else {
      this.logger.info({ requested, usable }, `${this.label}: UDP receive buffer is ${usable} bytes.`);
    }
  }
}

/** A socket that cannot be bound: its message is the one line an admin needs (key, address, reason). */
export class UdpBindError extends StartupError {
  override name = 'UdpBindError';
}

/** Bytes of datagrams the socket can hold, from what getRecvBufferSize() reports. */
export function usableReceiveBuffer(reported: number): number {
  return process.platform === 'linux' ? Math.floor(reported / 2) : reported;
}

function bindFailure(socket: SocketName, host: string, port: number, err: unknown): string {
  const section = socket === 'log' ? 'logEvents' : 'userEvents';
  const portKey = `${section}.udpServerConfig.${socket === 'log' ? 'portLogEvents' : 'portUserActivityEvents'}`;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `${portKey}: UDP port ${port} on ${host} is already in use (another Butler SOS or program listens there).`;
  }
  if (code === 'EADDRNOTAVAIL') return `${section}.udpServerConfig.serverHost: ${host} is not an address of this machine (UDP port ${port}).`;
  if (code === 'EACCES') return `${portKey}: not allowed to bind UDP port ${port} on ${host} (EACCES).`;
  return `${portKey}: cannot bind UDP ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`;
}

function bind(socket: Socket, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}
