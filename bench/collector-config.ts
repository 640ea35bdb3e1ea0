// The collector configuration a bench run uses: every log-event source and user events on, the QIX
// performance monitor accepting every event, one InfluxDB v1 destination (the bench sink or a real server),
// queue metrics every second (ring drops and received counts), and nothing else that would add load or
// network traffic (no pollers, MQTT, New Relic, Prometheus, heartbeat, telemetry).

export interface BenchCollectorOptions {
  logPort: number;
  userPort: number;
  influxHost: string;
  influxPort: number;
  dbName: string;
  parseWorkers: number | 'auto';
  writerWorkers: number;
  udpReceiveBufferBytes: number;
  logRingBytes?: number;
  /** influxdbConfig.maxBatchSize; absent: the collector's default. */
  maxBatchSize?: number;
  logLevel?: string;
  /** Serve the web console (config page and live console) on 127.0.0.1:<port>. */
  webConsolePort?: number;
  /** Soak mode: /metrics on this loopback port (heap and event-loop delay per thread). */
  prometheusPort?: number;
  /** With prometheusPort: the Node.js metrics endpoint's port (Butler SOS's default 9001 may be taken). */
  nodeMetricsPort?: number;
}

const queueMetrics = { influxdb: { enable: true, writeFrequency: 1000 } };

/** The object under `Butler-SOS`. */
export function benchCollectorConfig(o: BenchCollectorOptions): Record<string, unknown> {
  const udp = { serverHost: '127.0.0.1', maxMessageSize: 65507, queueMetrics };
  return {
    logLevel: o.logLevel ?? 'info',
    fileLogging: false,
    anonTelemetry: false,
    crashFile: { enable: false },
    systemInfo: { enable: false },
    heartbeat: { enable: false },
    configVisualisation: o.webConsolePort ? { enable: true, host: '127.0.0.1', port: o.webConsolePort, liveConsole: { enable: true } } : { enable: false },
    dockerHealthCheck: { enable: false },
    uptimeMonitor: { enable: false },
    errorTracking: { enable: true, logSummary: { enable: false }, influxdb: { enable: false } },
    qlikSenseEvents: { eventCount: { enable: false }, rejectedEventCount: { enable: false } },
    userEvents: {
      enable: true,
      udpServerConfig: { ...udp, portUserActivityEvents: o.userPort },
      sendToInfluxdb: { enable: true },
    },
    logEvents: {
      udpServerConfig: { ...udp, portLogEvents: o.logPort },
      source: {
        engine: { enable: true },
        proxy: { enable: true },
        repository: { enable: true },
        scheduler: { enable: true },
        qixPerf: { enable: true },
      },
      enginePerformanceMonitor: {
        enable: true,
        appNameLookup: { enable: false },
        monitorFilter: { allApps: { enable: true } },
      },
      sendToInfluxdb: { enable: true },
    },
    influxdbConfig: {
      enable: true,
      host: o.influxHost,
      port: o.influxPort,
      version: 1,
      // The collector's own default (1,000) unless set: since issue 17 the bench measures the default batch size.
      ...(o.maxBatchSize !== undefined ? { maxBatchSize: o.maxBatchSize } : {}),
      v1Config: { dbName: o.dbName, retentionPolicy: { name: 'bench', duration: '1d' } },
    },
    ...(o.prometheusPort ? { prometheus: { enable: true, host: '127.0.0.1', port: o.prometheusPort, nodeMetricsHost: '127.0.0.1', nodeMetricsPort: o.nodeMetricsPort ?? 9001 } } : {}),
    threads: { parseWorkers: o.parseWorkers, writerWorkers: o.writerWorkers },
    ingest: {
      udpReceiveBufferBytes: o.udpReceiveBufferBytes,
      ...(o.logRingBytes ? { logEvents: { ringBytes: o.logRingBytes } } : {}),
    },
  };
}
