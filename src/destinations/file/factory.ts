import type { DestinationFactory } from '../destination-factory.js';
import { FileSink } from './file-sink.js';
import { importDatabase } from './import-header.js';

export const fileDestination: DestinationFactory = {
  id: 'file',
  name: 'File',
  enabled: (config) => config.fileDestination?.enable === true,
  create(config, deps) {
    return { sink: new FileSink(config.fileDestination!, { logger: deps.logger, clock: deps.clock, database: importDatabase(config) }) };
  },
};
