import { silentLogger } from '../../../src/log/logger.js';
import { InfluxV2Sink } from '../../../src/destinations/influxdb/v2/influxdb-v2-sink.js';
import { runDestinationCompliance } from '../../support/destination-compliance.js';
import { startInfluxV2Endpoint } from '../../support/influx-v2-endpoint.js';
import { v2Options } from './influx-v2-v3-config.js';

// The shared compliance suite against a loopback endpoint that answers /api/v2/write as InfluxDB 2.x does:
// a malformed line refuses the whole request, so the sink must take it out and send the rest itself.
runDestinationCompliance({
  name: 'InfluxDB v2 sink against a loopback /api/v2/write endpoint',
  async setup() {
    const endpoint = await startInfluxV2Endpoint();
    const makeSink = (): InfluxV2Sink => new InfluxV2Sink(v2Options(endpoint.port, endpoint.token, { writeTimeoutMs: 300 }), { logger: silentLogger() });
    const sink = makeSink();
    return {
      sink,
      reopen: makeSink,
      arrivalOrder: true,
      rejectsBadLines: true,
      stored: async () => endpoint.storedLines(),
      injectTransient: (kind) => endpoint.injectFaults(kind === '5xx' ? { status: 503, error: 'service unavailable' } : { hangMs: 2000 }),
      outage: {
        begin: async () => endpoint.setDown({ status: 500, error: 'internal error: storage engine closed' }),
        end: async () => endpoint.setDown(undefined),
      },
      teardown: () => endpoint.close(),
    };
  },
});
