import { defineMeasurement, field, same, tag } from '../points/schema/define.js';

// butler_sos_errors as docs/error-tracking.md defines it: one point per error event. Types are the documented ones in
// every version (error_count, http_status, request_timeout_ms and remote_port integers). Butler SOS v15's v1 writer
// wrote these numbers as floats; see docs/error-tracking.md for what that means for an existing 1.x database.

export const errorEventSchema = defineMeasurement(
  'butler_sos_errors',
  'One point per error event counted by the error tracker (docs/error-tracking.md)',
  {
    errorType: tag('error_type', 'always', 'Error type code (HEALTH_API, PROXY_API, INFLUXDB_V3_WRITE, ...)'),
    serverName: tag('server_name', 'when not empty', 'Configured Qlik Sense server name; left out when empty (InfluxDB 1.x rejects empty tags)'),
    host: tag('host', 'when provided', 'Host name or IP of the Qlik Sense server or MQTT broker, without port'),
    virtualProxy: tag('virtual_proxy', 'when provided', 'Virtual proxy prefix (PROXY_API, PROXY_SESSIONS_MQTT)'),
    destinationHost: tag('destination_host', 'when provided', 'Target URL of a destination write (query string removed)'),
    module: tag('module', 'when provided', 'Butler SOS subsystem (module context value)'),
    errorCount: field('Always 1: one point per error event', 'always', ...same('error_count', 'integer')),
    errorCategory: field('Category from the categorisation table', 'always', ...same('error_category', 'string')),
    errorCode: field('OS/library error code; "" when the error had none', 'always', ...same('error_code', 'string')),
    httpStatus: field('HTTP response status code', 'HTTP errors', ...same('http_status', 'integer')),
    requestUrl: field('Request URL: scheme + host + path, query string removed', 'HTTP client errors', ...same('request_url', 'string')),
    requestTimeoutMs: field('Configured request timeout, ms', 'HTTP client errors with a timeout', ...same('request_timeout_ms', 'integer')),
    remoteAddress: field('Remote IP that was dialled', 'TCP connection errors', ...same('remote_address', 'string')),
    remotePort: field('Remote port that was dialled', 'TCP connection errors', ...same('remote_port', 'integer')),
    syscall: field('OS syscall that failed (e.g. connect)', 'TCP connection errors', ...same('syscall', 'string')),
  },
  { nameConfigKey: 'errorTracking.influxdb.measurementName' },
);
