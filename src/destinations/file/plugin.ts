import type { Config } from '../../config/schema/index.js';
import { lineProtocolEncoding } from '../../points/line-encoding.js';
import type { InfluxVersion } from '../../points/point.js';
import { influxTakes } from '../influxdb/gates.js';
import type { DestinationPlugin } from '../plugin.js';
import { importDatabase } from './import-header.js';

/** The line-protocol dialect written: `fileDestination.influxVersion`, where 'auto' is the configured InfluxDB version. */
export function fileLineVersion(config: Pick<Config, 'fileDestination' | 'influxdbConfig'>): InfluxVersion {
  const own = config.fileDestination.influxVersion;
  return own === 'auto' ? config.influxdbConfig.version : own;
}

export const fileDestination: DestinationPlugin = {
  id: 'file',
  name: 'File',
  sections: ['fileDestination'],
  errorTypes: [],
  enabled: (config) => config.fileDestination.enable === true,
  // What the database would get; error points stay out (Butler SOS sends those to InfluxDB only).
  takes: (config, kind) => kind !== 'ERROR_EVENTS' && influxTakes(config, kind),
  encoding: (config, ctx) => lineProtocolEncoding(config, fileLineVersion(config), ctx),
  describe: (config) => `file (line protocol v${fileLineVersion(config)}) in ${config.fileDestination.directory}`,
  // The database named in each file's import header comes from influxdbConfig.
  settings: (config) => ({ fileDestination: config.fileDestination, database: importDatabase(config) }),
  async create(config, deps) {
    const { FileSink } = await import('./file-sink.js');
    return { sink: new FileSink(config.fileDestination, { logger: deps.logger, clock: deps.clock, database: importDatabase(config) }) };
  },
};
