import { silentLogger } from '../../../src/log/logger.js';
import { AUDIT_INFLUXDB_ID, auditInfluxSink, type AuditInfluxMetadata } from '../../../src/destinations/audit-influxdb/plugin.js';
import { RenamedSink } from '../../../src/destinations/audit-influxdb/renamed-sink.js';
import { runDestinationCompliance } from '../../support/destination-compliance.js';
import { startInfluxd } from '../../support/influxd.js';

// The audit events' InfluxDB output (its own connection block) against the real influxd 1.x, built by the
// plugin's sink factory. An outage is the server frozen with SIGSTOP: writes run into the client timeout.
runDestinationCompliance({
  name: 'Audit InfluxDB output (auditEvents.destination.influxdb.metadata, v1) against real influxd 1.x (outage = SIGSTOP)',
  async setup() {
    const ix = await startInfluxd();
    if (!ix) return null;
    const metadata: AuditInfluxMetadata = {
      host: ix.host,
      port: ix.port,
      version: 1,
      maxBatchSize: 1000,
      writeFrequency: 20,
      measurementName: 'audit_event',
      auditEventSchemaVersion: '1',
      staticTags: null,
      v1Config: { auth: { enable: false, username: '', password: '' }, dbName: 'audit', retentionPolicy: { name: 'audit', duration: '30d' } },
    };
    const makeSink = () => new RenamedSink(AUDIT_INFLUXDB_ID, auditInfluxSink(metadata, { logger: silentLogger(), clock: { now: Date.now, setTimer: (f, ms) => setTimeout(f, ms), clearTimer: (t) => clearTimeout(t as NodeJS.Timeout) } }, 400));
    return {
      sink: makeSink(),
      reopen: makeSink,
      arrivalOrder: false,
      rejectsBadLines: true,
      async stored() {
        const rows = await ix.rows('SELECT * FROM compliance', 'audit', 'ms');
        return rows.map((r) => `compliance,k=${String(r.k)} s=${Number(r.s)}i,v=${Number(r.v)}i ${Number(r.time)}000000`);
      },
      outage: { begin: async () => ix.pause(), end: async () => ix.resume() },
      teardown: () => ix.stop(),
    };
  },
});
