// The engine-neutral WebSocket surface: one path per server, server → client text messages only. Each engine
// (uws-server.ts, node-server.ts) bounds every client's send buffer; a client whose buffer is full is closed,
// never waited for, so one slow browser cannot hold memory or the thread.

export type SendResult = 'sent' | 'dropped';

export interface WsPeer {
  /** Queues a text message; 'dropped' means the peer was over its buffer bound and has been closed. */
  send(text: string): SendResult;
  close(): void;
  /** Bytes queued for this peer and not yet written to its socket. */
  bufferedBytes(): number;
  readonly remoteAddress: string;
}

export interface WebSocketRoute {
  path: string;
  /** A peer with more than this many unsent bytes is closed. */
  maxBufferedBytes: number;
  open(peer: WsPeer): void;
  close(peer: WsPeer): void;
}
