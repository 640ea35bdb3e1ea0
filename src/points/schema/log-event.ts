import { defineMeasurement, field, same, tag } from './define.js';

// `log_event`: one point per accepted log event (docs/data-model.md#log_event).

const APPENDER = 'engine, proxy, repository, scheduler';
const PERF = 'qix-perf';

export const logEventSchema = defineMeasurement(
  'log_event',
  'One point per accepted log event (engine, proxy, repository, scheduler, qix-perf)',
  {
    host: tag('host', 'always', 'Qlik host as sent in the event (qix-perf: v1 `<Unknown>`, v3 `Unknown` when empty)'),
    level: tag('level', 'always', 'Log level, e.g. INFO, WARN, ERROR, FATAL (qix-perf defaults as host)'),
    source: tag('source', 'always', 'qseow-engine | qseow-proxy | qseow-repository | qseow-scheduler | qseow-qix-perf'),
    logRow: tag(
      'log_row',
      'always',
      'Qlik row number; -1 when absent (Butler SOS v1 wrote -1 for every qix-perf event: fixed, the real row is written)',
    ),
    subsystem: tag('subsystem', 'always', 'Qlik logger name (v3: `n/a` when empty; qix-perf defaults as host)'),
    userFull: tag('user_full', 'non-empty', '`DIR\\user` (never sanitised in v3)'),
    userDirectory: tag('user_directory', 'non-empty', 'User directory'),
    userId: tag('user_id', 'non-empty', 'User id'),
    resultCode: tag('result_code', `non-empty; proxy, repository`, 'Result code'),
    windowsUser: tag('windows_user', 'non-empty; engine', 'Windows account of the engine process'),
    taskId: tag('task_id', 'non-empty; scheduler', 'Task id'),
    taskName: tag('task_name', 'non-empty; scheduler', 'Task name'),
    appId: tag('app_id', `non-empty; engine, ${PERF}`, 'App id'),
    appName: tag('app_name', `non-empty; ${PERF}`, 'App name from the QRS app list when appNameLookup is on'),
    engineExeVersion: tag('engine_exe_version', 'non-empty; engine', 'Engine executable version'),
    method: tag('method', PERF, 'Engine method, e.g. Global::OpenApp (v1 `<Unknown>`, v3 `Unknown` when empty)'),
    objectType: tag('object_type', PERF, 'Object type (defaults as method)'),
    proxySessionId: tag('proxy_session_id', PERF, 'Proxy session id (v1/v3 `-1` when empty)'),
    sessionId: tag('session_id', PERF, 'Engine session id (v1/v3 `-1` when empty)'),
    eventActivitySource: tag('event_activity_source', PERF, '`user` | `non-user`'),
    objectId: tag('object_id', `non-empty; ${PERF}`, 'Object id'),

    message: field('Log message', APPENDER, ...same('message', 'string')),
    exceptionMessage: field(
      'Exception message (engine: v1 leaves it out, v2/v3 write "")',
      APPENDER,
      ...same('exception_message', 'string'),
    ),
    command: field('Command (engine: v1 leaves it out, v2/v3 "")', 'engine, proxy, repository', ...same('command', 'string')),
    resultCodeField: field(
      'Result code (engine: v1 leaves it out, v2/v3 "")',
      'engine, proxy, repository',
      ['result_code', 'string'],
      ['result_code_field', 'string'],
      ['result_code_field', 'string'],
    ),
    origin: field('Origin (engine: v1 leaves it out, v2/v3 "")', 'engine, proxy, repository', ...same('origin', 'string')),
    context: field('Context (engine: v1 leaves it out, v2/v3 "")', 'engine, proxy, repository', ...same('context', 'string')),
    sessionIdField: field('Engine session id', 'engine', ...same('session_id', 'string')),
    appNameField: field(
      'App name as sent by the scheduler',
      'scheduler',
      ['app_name', 'string'],
      ['app_name', 'string'],
      ['app_name_field', 'string'],
    ),
    appIdField: field('App id ("" when unknown)', `scheduler, ${PERF}`, ['app_id', 'string'], ['app_id', 'string'], ['app_id_field', 'string']),
    executionId: field('Task execution id', 'scheduler', ...same('execution_id', 'string')),
    processTime: field('Process time, ms (left out when Qlik sent no number)', PERF, ...same('process_time', 'float')),
    workTime: field('Work time, ms', PERF, ...same('work_time', 'float')),
    lockTime: field('Lock time, ms', PERF, ...same('lock_time', 'float')),
    validateTime: field('Validate time, ms', PERF, ...same('validate_time', 'float')),
    traverseTime: field('Traverse time, ms', PERF, ...same('traverse_time', 'float')),
    handle: field('Object handle (-99 when absent)', PERF, ['handle', 'integer'], ['handle', 'string'], ['handle', 'integer']),
    netRam: field('Net RAM, bytes (-1 when unknown)', PERF, ...same('net_ram', 'integer')),
    peakRam: field('Peak RAM, bytes (-1 when unknown)', PERF, ...same('peak_ram', 'integer')),
    rawEvent: field(
      'JSON of the parsed event (key order as Butler SOS; `tags` included when MQTT log forwarding is on, as Butler ' +
        'SOS mutated the event there first)',
      'always',
      ...same('raw_event', 'string'),
    ),
  },
  {
    dynamicTags: [
      { label: 'category tags', description: 'logEvents.categorise rule/ruleDefault categories: name → tag key, value → tag value' },
      { label: 'static tags', description: 'every logEvents.tags entry (v3: value sanitised)' },
    ],
  },
);
