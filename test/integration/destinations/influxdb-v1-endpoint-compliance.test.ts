import { silentLogger } from '../../../src/log/logger.js';
import { InfluxV1Sink } from '../../../src/destinations/influxdb/v1/influxdb-v1-sink.js';
import { runDestinationCompliance } from '../../support/destination-compliance.js';
import { startInfluxV1Endpoint } from '../../support/influx-v1-endpoint.js';
import { v1Config } from './influx-v1-config.js';

// Fault injection (503, hung requests) needs a server we control: a loopback endpoint that answers /write and
// /query the way influxd 1.6 does. The same suite also runs against the real influxd (influxdb-v1-compliance).
runDestinationCompliance({
  name: 'InfluxDB v1 sink against a loopback v1 /write endpoint (injected 5xx/timeouts)',
  async setup() {
    const endpoint = await startInfluxV1Endpoint();
    const makeSink = (): InfluxV1Sink => new InfluxV1Sink(v1Config(endpoint.port, { writeTimeoutMs: 300 }), { logger: silentLogger() });
    const sink = makeSink();
    return {
      sink,
      reopen: makeSink,
      arrivalOrder: true,
      rejectsBadLines: true,
      stored: async () => endpoint.storedLines(),
      injectTransient: (kind) => endpoint.injectFaults(kind === '5xx' ? { status: 503, error: 'overloaded' } : { hangMs: 2000 }),
      outage: {
        begin: async () => endpoint.setDown({ status: 500, error: 'engine: cache maximum memory size exceeded' }),
        end: async () => endpoint.setDown(undefined),
      },
      teardown: () => endpoint.close(),
    };
  },
});
