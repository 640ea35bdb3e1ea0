// For each kind of data, which encoders run and which destinations get what they produce: built once per
// producer thread and configuration from the routes and the registry.
import { packageVersion } from '../cli/args.js';
import type { Config } from '../config/schema/index.js';
import type { BatchOrigin } from '../threads/messages.js';
import { Publisher, type PostBatch } from './publisher.js';
import type { DestinationPlugin } from '../destinations/plugin.js';
import { DESTINATIONS } from '../destinations/registry.js';
import type { DestinationRoute } from '../destinations/routes.js';
import type { Encoder, EncodingContext } from './encoding.js';
import { DATA_KINDS, type DataKind } from './published-data.js';

/** One encoding pass of one kind of data and the destinations that share its output. */
export interface PublishLane {
  kind: DataKind;
  key: string;
  encode: Encoder<DataKind>;
  targets: DestinationRoute[];
}

export type PublishTable = Map<DataKind, PublishLane[]>;

export function publishTable(
  config: Config,
  routes: readonly DestinationRoute[],
  ctx: EncodingContext,
  registry: readonly DestinationPlugin[] = DESTINATIONS,
): PublishTable {
  const table: PublishTable = new Map();
  for (const route of routes) {
    const plugin = registry.find((p) => p.id === route.dest && p.enabled(config));
    if (!plugin) continue;
    const encoding = plugin.encoding(config, ctx);
    for (const kind of DATA_KINDS) {
      const encode = encoding.encoders[kind] as Encoder<DataKind> | undefined;
      if (!encode || !plugin.takes(config, kind)) continue;
      const lanes = table.get(kind) ?? [];
      const shared = lanes.find((l) => l.key === encoding.key);
      if (shared) shared.targets.push(route);
      else lanes.push({ kind, key: encoding.key, encode, targets: [route] });
      table.set(kind, lanes);
    }
  }
  return table;
}

/** The producers' one call: a publisher for this config, these routes and this thread's way of posting. */
export function publisherFor(
  config: Config,
  threads: { routes: readonly DestinationRoute[]; writerCount: number },
  origin: BatchOrigin,
  post: PostBatch,
  ctx: EncodingContext = { appVersion: packageVersion() },
): Publisher {
  return new Publisher(publishTable(config, threads.routes, ctx), origin, post, threads.writerCount);
}
