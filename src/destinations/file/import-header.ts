// The first lines of every file of the file destination, so `influx -import -path=FILE -precision=ns` loads
// it into InfluxDB 1.x as it is: the `# DML` section marker and the database the points belong to. Points
// carry nanosecond timestamps in every dialect, hence -precision=ns (the CLI's default). `#` lines are
// comments to every other line-protocol reader (Telegraf, influx write, InfluxDB 2/3 HTTP writes).

import type { Config } from '../../config/schema/index.js';

/** What InfluxDB's default would be had the admin left the database out: Butler SOS's template name. */
export const DEFAULT_IMPORT_DATABASE = 'senseops';

/** The database the collector would write to: v1 dbName, v2 bucket or v3 database of influxdbConfig. */
export function importDatabase(config: Pick<Config, 'influxdbConfig'>): string {
  const influx = config.influxdbConfig;
  const name =
    influx?.version === 2 ? influx.v2Config?.bucket : influx?.version === 3 ? influx.v3Config?.database : influx?.v1Config?.dbName;
  return typeof name === 'string' && name !== '' ? name : DEFAULT_IMPORT_DATABASE;
}

export function importHeader(database: string): string {
  // One line: a line break in the name would end the context line early.
  return `# DML\n# CONTEXT-DATABASE: ${database.replace(/[\r\n]/g, ' ')}\n`;
}
