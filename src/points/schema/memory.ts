import { defineMeasurement, field, same, tag } from './define.js';

// The collector's own memory, written by the uptime monitor (docs/data-model.md#butlersos_memory_usage).

const mb = (name: string, what: string) => field(`${what}, MB rounded to 2 decimals`, 'always', ...same(name, 'float'));

export const memoryUsageSchema = defineMeasurement(
  'butlersos_memory_usage',
  'Memory of the collector process',
  {
    instance: tag('butler_sos_instance', 'always', 'uptimeMonitor.storeInInfluxdb.instanceTag'),
    version: tag('version', 'always', 'Collector version'),
    heapUsed: mb('heap_used', 'V8 heap used (main thread)'),
    heapTotal: mb('heap_total', 'V8 heap total (main thread)'),
    external: mb('external', 'Memory of C++ objects bound to JS'),
    processMemory: mb('process_memory', 'Resident set size of the process'),
  },
);
