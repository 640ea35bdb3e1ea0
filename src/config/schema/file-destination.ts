import Type from 'typebox';
import { Flag, Int } from './common.js';
import { enabledBy } from './keywords.js';

// New in this edition: an embedded destination that writes InfluxDB line protocol to rotating local files, so
// the collector is useful with no database at all and data can be replayed into one later.
export const FileDestinationSection = Type.Object(
  {
    enable: Flag(false),
    directory: Type.String({ default: './data/lineprotocol', minLength: 1 }),
    influxVersion: Type.Union([Type.Literal('auto'), Type.Literal(1), Type.Literal(2), Type.Literal(3)], { default: 'auto' }),
    maxFileBytes: Int(100 * 1024 * 1024, { minimum: 1024 }),
    maxFiles: Int(30, { minimum: 1 }),
  },
  enabledBy('enable'),
);

