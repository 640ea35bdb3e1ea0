import { defineMeasurement, field, same, tag, type DynamicTagGroup } from './define.js';

// Engine health check: one poll of one server gives eight points (docs/data-model.md#sense_server to #saturated).

export const serverTagMembers = {
  host: tag('host', 'always', 'Qlik Sense server host name, without port'),
  serverName: tag('server_name', 'always', 'serversToMonitor.servers[].serverName'),
  serverDescription: tag('server_description', 'always', 'serversToMonitor.servers[].serverDescription'),
};

export const customServerTags: DynamicTagGroup = {
  label: 'custom server tags',
  description: 'every servers[].serverTags key/value (declared in serverTagsDefinition)',
};

const serverTagOptions = { dynamicTags: [customServerTags] };

export const senseServerSchema = defineMeasurement(
  'sense_server',
  'Engine version, start time and uptime',
  {
    ...serverTagMembers,
    version: field('Engine version (body.version)', 'always', ...same('version', 'string')),
    started: field('Engine start time as Qlik sends it (body.started)', 'always', ...same('started', 'string')),
    uptime: field(
      'Time since `started`: "<d> days, <H>h <MM>m <SS>s"; \'\' if unparsable. Computed with the offset in ' +
        '`started` (Butler SOS read it as local time and took the hours from a Date, off by the UTC offset)',
      'always',
      ...same('uptime', 'string'),
    ),
  },
  serverTagOptions,
);

export const memSchema = defineMeasurement(
  'mem',
  'Engine memory, MB',
  {
    ...serverTagMembers,
    comitted: field('mem.committed (name misspelt as in Butler SOS)', 'always', ['comitted', 'integer'], ['comitted', 'float'], ['comitted', 'float']),
    allocated: field('mem.allocated', 'always', ['allocated', 'integer'], ['allocated', 'float'], ['allocated', 'float']),
    free: field('mem.free', 'always', ['free', 'integer'], ['free', 'float'], ['free', 'float']),
  },
  serverTagOptions,
);

const docList = (name: string, source: string) =>
  field(`${source} as a comma-joined list if includeFields enables it, else ""`, 'always', ...same(name, 'string'));
const nameList = (name: string, source: string) =>
  field(
    `Sorted app names of the non-session ${source} (id when the name is unknown) if app-name extraction and ` +
      'includeFields enable it, else "". v1: each name in double quotes ("A","B"); v2/v3: A,B',
    'always',
    ...same(name, 'string'),
  );
const sessionList = (name: string, source: string) =>
  field(`Sorted SessionApp ids among ${source}, same gating and format as the names`, 'always', ...same(name, 'string'));

export const appsSchema = defineMeasurement(
  'apps',
  'Apps in the engine',
  {
    ...serverTagMembers,
    activeDocsCount: field('Number of active docs', 'always', ...same('active_docs_count', 'integer')),
    loadedDocsCount: field('Number of loaded docs', 'always', ...same('loaded_docs_count', 'integer')),
    inMemoryDocsCount: field('Number of in-memory docs', 'always', ...same('in_memory_docs_count', 'integer')),
    activeDocs: docList('active_docs', 'apps.active_docs'),
    loadedDocs: docList('loaded_docs', 'apps.loaded_docs'),
    inMemoryDocs: docList('in_memory_docs', 'apps.in_memory_docs'),
    activeDocsNames: nameList('active_docs_names', 'active docs'),
    loadedDocsNames: nameList('loaded_docs_names', 'loaded docs'),
    inMemoryDocsNames: nameList('in_memory_docs_names', 'in-memory docs'),
    activeSessionDocsNames: sessionList('active_session_docs_names', 'active docs'),
    loadedSessionDocsNames: sessionList('loaded_session_docs_names', 'loaded docs'),
    inMemorySessionDocsNames: sessionList('in_memory_session_docs_names', 'in-memory docs'),
    calls: field('apps.calls (v3: negatives clamped to 0)', 'always', ['calls', 'integer'], ['calls', 'uinteger'], ['calls', 'integer']),
    selections: field('apps.selections (v3: clamped)', 'always', ['selections', 'integer'], ['selections', 'uinteger'], ['selections', 'integer']),
  },
  serverTagOptions,
);

export const cpuSchema = defineMeasurement(
  'cpu',
  'Engine CPU, % averaged over 30 s',
  {
    ...serverTagMembers,
    total: field('cpu.total (v1/v3 floored; v3 clamped)', 'always', ['total', 'integer'], ['total', 'float'], ['total', 'integer']),
  },
  serverTagOptions,
);

const countPair = (what: string) => ({
  active: field(`Active ${what} (v3: clamped)`, 'always', ['active', 'integer'], ['active', 'uinteger'], ['active', 'integer']),
  total: field(`Total ${what} (v3: clamped)`, 'always', ['total', 'integer'], ['total', 'uinteger'], ['total', 'integer']),
});

export const sessionSchema = defineMeasurement(
  'session',
  'Engine sessions',
  { ...serverTagMembers, ...countPair('engine sessions') },
  serverTagOptions,
);

export const usersSchema = defineMeasurement(
  'users',
  'Engine users',
  { ...serverTagMembers, ...countPair('users') },
  serverTagOptions,
);

export const cacheSchema = defineMeasurement(
  'cache',
  'Engine cache counters',
  {
    ...serverTagMembers,
    hits: field('cache.hits (v3: clamped)', 'always', ['hits', 'integer'], ['hits', 'uinteger'], ['hits', 'integer']),
    lookups: field('cache.lookups (v3: clamped)', 'always', ['lookups', 'integer'], ['lookups', 'uinteger'], ['lookups', 'integer']),
    added: field('cache.added (v3: clamped)', 'always', ...same('added', 'integer')),
    replaced: field('cache.replaced (v3: clamped)', 'always', ...same('replaced', 'integer')),
    bytesAdded: field('cache.bytes_added (v3: clamped)', 'always', ...same('bytes_added', 'integer')),
  },
  serverTagOptions,
);

export const saturatedSchema = defineMeasurement(
  'saturated',
  'Engine saturation flag',
  {
    ...serverTagMembers,
    saturated: field('body.saturated (v1 writes true/false, v2/v3 T/F)', 'always', ...same('saturated', 'boolean')),
  },
  serverTagOptions,
);
