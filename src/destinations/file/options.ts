// The `fileDestination` config keys (src/config/schema/file-destination.ts): an embedded destination that
// appends line protocol to local files. The sink stores bodies as they come; the dialect is the producers'.
import type { Config } from '../../config/schema/index.js';

export type FileDestinationConfig = Config['fileDestination'];
