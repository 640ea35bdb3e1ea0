import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { silentLogger } from '../../../src/log/logger.js';
import { startHttpServer } from '../../../src/http/start-server.js';
import { loadUws } from '../../../src/http/uws-loader.js';
import type { WsPeer } from '../../../src/http/websocket.js';

// Each WebSocket client has a bounded send buffer on both engines: a client that stops reading is closed
// once its unsent bytes pass the bound, and the server never waits for it.

const BOUND = 256 * 1024;
const MESSAGE = 'x'.repeat(64 * 1024);

/** Opens a WebSocket with a raw TCP socket, then stops reading (a stuck browser). */
function stuckClient(port: number): Promise<{ destroy(): void }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        ['GET /ws HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', '', ''].join('\r\n'),
      );
    });
    socket.once('data', (chunk) => {
      if (!String(chunk).startsWith('HTTP/1.1 101')) return reject(new Error(`upgrade refused: ${String(chunk).slice(0, 80)}`));
      socket.pause();
      resolve({ destroy: () => socket.destroy() });
    });
    socket.once('error', reject);
  });
}

for (const engine of ['uws', 'node'] as const) {
  test(`${engine}: a client that stops reading is closed past its buffer bound; the sender is never blocked`, async (t) => {
    if (engine === 'uws' && !loadUws().ok) return t.skip('uWebSockets.js does not load on this Node');
    let opened: (p: WsPeer) => void = () => {};
    const peerOpen = new Promise<WsPeer>((r) => (opened = r));
    let closedCalls = 0;
    const server = await startHttpServer(
      { host: '127.0.0.1', port: 0, label: 'test', routes: new Map(), webSocket: { path: '/ws', maxBufferedBytes: BOUND, open: (p) => opened(p), close: () => closedCalls++ } },
      engine,
      silentLogger(),
    );
    const client = await stuckClient(server.port);
    try {
      const peer = await peerOpen;
      let sent = 0;
      let result = 'sent';
      const started = Date.now();
      // At most 64 MiB offered; the kernel's socket buffers take a few MiB, then the bound applies.
      while (sent < 1024 && result === 'sent') {
        result = peer.send(MESSAGE);
        if (result === 'sent') sent++;
        if (sent % 16 === 0) await new Promise((r) => setImmediate(r));
      }
      assert.equal(result, 'dropped', `still accepted after ${sent} messages`);
      assert.ok(Date.now() - started < 5_000, 'sending never waited for the client');
      assert.ok(peer.bufferedBytes() <= BOUND + MESSAGE.length);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(closedCalls, 1, 'the route heard the close');
      assert.equal(peer.send('more'), 'dropped');
    } finally {
      client.destroy();
      await server.close();
    }
  });
}
