import { silentLogger } from '../../../src/log/logger.js';
import { InfluxV1Sink } from '../../../src/destinations/influxdb/v1/influxdb-v1-sink.js';
import { runDestinationCompliance } from '../../support/destination-compliance.js';
import { startInfluxd } from '../../support/influxd.js';
import { v1Config } from './influx-v1-config.js';

// The real influxd 1.x. An outage is the server frozen with SIGSTOP: writes run into the client timeout.
runDestinationCompliance({
  name: 'InfluxDB v1 sink against real influxd 1.x (outage = SIGSTOP)',
  async setup() {
    const ix = await startInfluxd();
    if (!ix) return null;
    const makeSink = (): InfluxV1Sink => new InfluxV1Sink(v1Config(ix.port, { writeTimeoutMs: 400 }), { logger: silentLogger() });
    const sink = makeSink();
    return {
      sink,
      reopen: makeSink,
      arrivalOrder: false,
      rejectsBadLines: true,
      async stored() {
        const rows = await ix.rows('SELECT * FROM compliance', 'senseops', 'ms');
        return rows.map((r) => `compliance,k=${String(r.k)} s=${Number(r.s)}i,v=${Number(r.v)}i ${Number(r.time)}000000`);
      },
      outage: { begin: async () => ix.pause(), end: async () => ix.resume() },
      teardown: () => ix.stop(),
    };
  },
});
