// Poller thread: engine health, proxy sessions and app names over mutual TLS (src/pollers). Start-up checks
// (server tags, certificate files) fail init with a message naming the key and file.
import { parentPort } from 'node:worker_threads';
import { packageVersion } from '../src/cli/args.js';
import type { CommonThreadData } from '../src/threads/worker-data.js';
import { ChannelOutput } from '../src/pollers/channel-output.js';
import { defaultPollerOptions, pollerConfigFrom } from '../src/pollers/config.js';
import { PollerService } from '../src/pollers/poller-service.js';
import { guardThread } from '../src/crash/thread-guard.js';
import { threadLogger } from '../src/log/thread-logger.js';
import { serveThread } from '../src/threads/thread-entry.js';
import { armTestCrash } from '../src/threads/test-crash.js';
import { startRuntimeGauges } from '../src/metrics/runtime-gauges.js';

export interface PollerThreadData extends CommonThreadData {
  /** Where relative certificate paths are resolved; default: the process working directory. */
  baseDir?: string;
  /** Per-request timeout override, ms (default 5000). */
  requestTimeoutMs?: number;
  /** QRS port override (default 4242). */
  qrsPort?: number;
}

serveThread<PollerThreadData>(async (data) => {
  const logger = threadLogger(data, 'poller');
  guardThread(data, 'poller', logger);
  const options = defaultPollerOptions({ config: data.config, routes: data.routes, writerCount: data.writerCount });
  if (data.baseDir) options.baseDir = data.baseDir;
  if (data.requestTimeoutMs) options.requestTimeoutMs = data.requestTimeoutMs;
  options.qrsPort = data.qrsPort ?? data.config.appNames.qrsPort ?? options.qrsPort;
  const output = new ChannelOutput(data, (msg) => parentPort!.postMessage(msg));
  const service = new PollerService(pollerConfigFrom(data.config), options, { logger, output });
  void service.start();
  // The channels are unref'd; this keeps the thread alive until the supervisor stops it.
  const keepAlive = setInterval(() => {}, 1 << 30);
  armTestCrash('poller');
  const stopRuntime = startRuntimeGauges({ postMessage: (m) => output.metrics(m as never) }, 'poller');
  return {
    stats: () => service.stats(),
    stop: async () => {
      await service.stop();
      stopRuntime();
      output.close();
      clearInterval(keepAlive);
    },
  };
});
