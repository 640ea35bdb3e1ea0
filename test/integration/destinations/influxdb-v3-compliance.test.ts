import { silentLogger } from '../../../src/log/logger.js';
import { InfluxV3Sink } from '../../../src/destinations/influxdb/v3/influxdb-v3-sink.js';
import { runDestinationCompliance } from '../../support/destination-compliance.js';
import { startInfluxV3Endpoint } from '../../support/influx-v3-endpoint.js';
import { v3Options } from './influx-v2-v3-config.js';

// The shared compliance suite against a loopback endpoint that answers /api/v3/write_lp as InfluxDB 3 Core
// does (partial writes accepted: good lines stored, bad ones listed in the 400 body).
runDestinationCompliance({
  name: 'InfluxDB v3 sink against a loopback /api/v3/write_lp endpoint',
  async setup() {
    const endpoint = await startInfluxV3Endpoint();
    const base = v3Options(endpoint.port, endpoint.token);
    const makeSink = (): InfluxV3Sink => new InfluxV3Sink({ ...base, v3Config: { ...base.v3Config, writeTimeout: 300 } }, { logger: silentLogger() });
    const sink = makeSink();
    return {
      sink,
      reopen: makeSink,
      arrivalOrder: true,
      rejectsBadLines: true,
      stored: async () => endpoint.storedLines(),
      injectTransient: (kind) => endpoint.injectFaults(kind === '5xx' ? { status: 503, error: 'service unavailable' } : { hangMs: 2000 }),
      outage: {
        begin: async () => endpoint.setDown({ status: 500, error: 'write buffer error: WAL flush failed' }),
        end: async () => endpoint.setDown(undefined),
      },
      teardown: () => endpoint.close(),
    };
  },
});
