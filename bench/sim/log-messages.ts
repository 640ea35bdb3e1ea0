// Message catalogue for the simulated WARN/ERROR log events, per Qlik service. Texts are modelled on what the
// services log (and on the constructed examples in test/fixtures/spec/); none contains ';' because Butler SOS
// split on every ';', so a ';' in a log event's message would shift every following field there (docs/compatibility.md
// S3).

import type { SimApp, SimNode, SimSession, SimTask, SimUser } from './cluster.js';
import type { Prng } from './prng.js';
import { DATA_CONNECTIONS } from './vocabulary.js';

export type Level = 'WARN' | 'ERROR';

export interface MessageContext {
  prng: Prng;
  node: SimNode;
  otherNode: SimNode;
  session: SimSession;
  user: SimUser;
  app: SimApp;
  task: SimTask;
}

const who = (u: SimUser): string => `${u.directory}\\${u.userId}`;
const ip = (p: Prng): string => `10.${p.range(1, 40)}.${p.range(0, 255)}.${p.range(2, 254)}`;
const stack = (frames: string[]): string => frames.map((f) => `   at ${f}`).join(' ');

export const EXCEPTIONS: Record<string, (c: MessageContext) => string> = {
  unreachable: () => 'System.Net.WebException: Unable to connect to the remote server',
  dns: (c) =>
    `System.Net.Http.HttpRequestException: An error occurred while sending the request. ---> System.Net.WebException: The remote name could not be resolved: '${c.otherNode.hostName}' ${stack([
      'System.Net.HttpWebRequest.EndGetResponse(IAsyncResult asyncResult)',
      'System.Net.Http.HttpClientHandler.GetResponseCallback(IAsyncResult ar)',
    ])}`,
  timeout: (c) => `System.TimeoutException: The operation has timed out after 00:00:${c.prng.range(10, 59)}`,
  database: () =>
    `Npgsql.NpgsqlException: Exception while reading from stream ---> System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host. ${stack([
      'Npgsql.ReadBuffer.Ensure(Int32 count, Boolean dontBreakOnTimeouts)',
      'Npgsql.NpgsqlConnector.DoReadMessage(DataRowLoadingMode dataRowLoadingMode, Boolean isPrependedMessage)',
      'Repository.Core.Database.EntityRepository.SaveChanges()',
    ])}`,
  ldap: () => 'System.DirectoryServices.Protocols.LdapException: The LDAP server is unavailable.',
  reload: () =>
    `Qlik.Sense.Common.Exceptions.EngineException: Reload failed ${stack([
      'Scheduler.Slave.Tasks.ReloadTask.ExecuteReload(ReloadContext context)',
      'Scheduler.Slave.Tasks.ReloadTask.Run()',
    ])}`,
  certificate: () => 'System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure.',
};

export interface EngineMessage {
  logger: string;
  level: Level;
  /** True when the event belongs to a user session (session, user and app properties are set). */
  inSession: boolean;
  text(c: MessageContext): string;
}

export const ENGINE_MESSAGES: readonly EngineMessage[] = [
  { logger: 'System.Engine.Engine', level: 'WARN', inSession: true, text: (c) => `Traffic: Connection to app ${c.app.id} closed unexpectedly by client, ${c.prng.range(1, 40)} pending requests discarded` },
  { logger: 'System.Engine.Engine', level: 'WARN', inSession: true, text: (c) => `App ${c.app.id}: failed to load data connection '${c.prng.pick(DATA_CONNECTIONS)}' - access denied` },
  { logger: 'System.Engine.Engine', level: 'ERROR', inSession: true, text: (c) => `QVX_UNEXPECTED_END_OF_DATA: Connection lost during reload of script line ${c.prng.range(12, 900)} in section Main, ODBC driver returned SQLSTATE HYT00` },
  { logger: 'System.Engine.Engine', level: 'ERROR', inSession: false, text: () => 'Connection to repository service failed' },
  { logger: 'Performance.Engine.Engine', level: 'WARN', inSession: false, text: (c) => `Memory usage ${c.prng.range(86, 97)}% exceeds working set high limit (85%), evicting cached results` },
  { logger: 'Performance.Engine.Engine', level: 'WARN', inSession: true, text: (c) => `Calculation timed out after ${c.prng.range(30, 120)} seconds for object ${c.prng.alnum(6)} in app ${c.app.id}` },
  { logger: 'Performance.Engine.Engine', level: 'ERROR', inSession: true, text: (c) => `Out of memory while calculating hypercube for object ${c.prng.alnum(6)}, calculation aborted` },
  { logger: 'Session.Engine.Engine', level: 'WARN', inSession: true, text: (c) => `Session ${c.session.engineSessionId} for user ${who(c.user)} timed out after ${c.prng.range(30, 60)} minutes of inactivity` },
  { logger: 'Session.Engine.Engine', level: 'WARN', inSession: true, text: (c) => `Document ${c.app.id} could not be opened: access denied for user ${who(c.user)}` },
  { logger: 'System.Engine.Engine', level: 'WARN', inSession: false, text: (c) => `Maximum number of concurrent reloads (${c.prng.range(4, 8)}) reached, reload request queued` },
  { logger: 'System.Engine.Engine', level: 'ERROR', inSession: false, text: (c) => `Failed to save app ${c.app.id}: the file is locked by another process` },
];

export interface ServiceMessage {
  logger: string;
  level: Level;
  /** Whose properties (UserDirectory/UserId) the event carries. */
  actor: 'user' | 'service' | 'none';
  command: string;
  result: string;
  origin: string;
  context(c: MessageContext): string;
  text(c: MessageContext): string;
  exception?: keyof typeof EXCEPTIONS;
}

export const PROXY_MESSAGES: readonly ServiceMessage[] = [
  { logger: 'Audit.Proxy.Proxy.SessionEstablishment.Authentication.AuthenticationHandler', level: 'WARN', actor: 'user', command: 'Authenticate', result: '401', origin: 'AppAccess', context: () => '/hub/', text: (c) => `Access was denied for User: '${who(c.user)}' from ${ip(c.prng)}` },
  { logger: 'Audit.Proxy.Proxy.SessionEstablishment.Authentication.AuthenticationHandler', level: 'WARN', actor: 'user', command: 'Authenticate', result: '401', origin: 'AppAccess', context: () => '/hub/', text: (c) => `Authentication failed for user ${who(c.user)} from ${ip(c.prng)}: ticket not found or expired` },
  { logger: 'System.Proxy.Proxy.Core.RequestListener.ProxyRequestHandler', level: 'ERROR', actor: 'user', command: 'ForwardRequest', result: '503', origin: 'AppAccess', context: (c) => `/app/${c.app.id}`, text: (c) => `Request to engine https://${c.otherNode.hostName}:4747/app/${c.app.id} failed with status 503 Service Unavailable after 3 retries` },
  { logger: 'System.Proxy.Proxy.Core.RequestListener', level: 'ERROR', actor: 'none', command: '(null)', result: '(null)', origin: '(null)', context: () => '(null)', text: (c) => `Failed to request service alive response from https://${c.otherNode.hostName}:4747/`, exception: 'unreachable' },
  { logger: 'Security.Proxy.Proxy.SessionEstablishment.SessionLimit', level: 'WARN', actor: 'user', command: 'CreateSession', result: '429', origin: 'AppAccess', context: () => '/hub/', text: (c) => `Session for user ${who(c.user)} was terminated because the maximum number of concurrent sessions (${c.prng.range(3, 5)}) was exceeded` },
  { logger: 'AuditSecurity.Proxy.Proxy.License.LicenseCheck', level: 'WARN', actor: 'user', command: 'License check', result: '403', origin: 'AppAccess', context: (c) => `/app/${c.app.id}`, text: (c) => `No available access pass for user ${who(c.user)}` },
  { logger: 'System.Proxy.Proxy.Core.WebSocketTunnel', level: 'WARN', actor: 'user', command: 'WebSocket', result: '1006', origin: 'AppAccess', context: (c) => `/app/${c.app.id}`, text: (c) => `Websocket connection to engine closed unexpectedly (code 1006) for session '${c.session.proxySessionId}'` },
  { logger: 'Security.Proxy.Proxy.Core.Certificates', level: 'ERROR', actor: 'none', command: '(null)', result: '(null)', origin: '(null)', context: () => '(null)', text: (c) => `Certificate validation failed for client ${ip(c.prng)}`, exception: 'certificate' },
];

export const REPOSITORY_MESSAGES: readonly ServiceMessage[] = [
  { logger: 'System.Repository.Repository.Core.Security.SecurityRulesEvaluator', level: 'WARN', actor: 'user', command: 'Get app', result: '403', origin: 'AppAccess', context: (c) => `/qrs/app/${c.app.id}`, text: (c) => `Access was denied for User: '${who(c.user)}', with AccessID '0x4', Resource: 'App_${c.app.id}'` },
  { logger: 'UserManagement.Repository.Repository.Core.UserDirectory.UserDirectorySync', level: 'WARN', actor: 'service', command: 'SyncUserDirectory', result: '0', origin: '(null)', context: () => '(null)', text: (c) => `Duplicate entity with userId '${who(c.user)}' found in user directory '${c.user.directory}'` },
  { logger: 'System.Repository.Repository.Core.Repository.Common.ServiceStatusMonitor', level: 'ERROR', actor: 'service', command: 'ServiceStatus', result: '500', origin: 'Repository', context: () => '/qrs/servicestatus', text: (c) => `Failed to request service alive response from https://${c.otherNode.hostName}:4747/ready: Unable to connect to the remote server (timeout 10 s)`, exception: 'unreachable' },
  { logger: 'UserManagement.Repository.Repository.UserDirectory.Synchronizer', level: 'ERROR', actor: 'service', command: 'UserSync', result: '500', origin: 'Repository', context: () => '/qrs/userdirectoryconnector/syncuserdirectories', text: (c) => `User directory connector ${c.user.directory} sync failed: The server is not operational`, exception: 'ldap' },
  { logger: 'System.Repository.Repository.Core.Database.TransactionManager', level: 'WARN', actor: 'user', command: 'Update app', result: '409', origin: 'AppAccess', context: (c) => `/qrs/app/${c.app.id}`, text: (c) => `Transaction deadlock detected while saving entity App ${c.app.id}, retrying (attempt ${c.prng.range(1, 4)} of 5)` },
  { logger: 'System.Repository.Repository.Core.Database.ConnectionPool', level: 'WARN', actor: 'service', command: 'Database', result: '0', origin: 'Repository', context: () => '/qrs/about', text: (c) => `Database connection pool exhausted (max ${c.prng.pick([90, 110, 150])} connections), request waited ${c.prng.range(200, 9000)} ms` },
  { logger: 'System.Repository.Repository.Core.Database.EntityRepository', level: 'ERROR', actor: 'service', command: 'SaveChanges', result: '500', origin: 'Repository', context: () => '/qrs/executionresult', text: () => 'Failed to persist execution result, the database connection was closed', exception: 'database' },
  { logger: 'System.Repository.Repository.Core.Licensing.LicenseService', level: 'WARN', actor: 'user', command: 'License check', result: '403', origin: 'AppAccess', context: () => '/qrs/license/accesstypeinfo', text: (c) => `License check failed for user ${who(c.user)}: no professional or analyzer access available` },
];

export interface SchedulerMessage {
  logger: string;
  level: Level;
  /** `user`: a person started the task (UserDirectory/UserId/User set); `scheduler`: only User = INTERNAL\sa_scheduler. */
  actor: 'user' | 'scheduler';
  text(c: MessageContext): string;
  exception?: keyof typeof EXCEPTIONS | 'finishedFail';
}

export const SCHEDULER_MESSAGES: readonly SchedulerMessage[] = [
  { logger: 'System.Scheduler.Scheduler.Slave.Tasks.ReloadTask', level: 'ERROR', actor: 'user', text: () => 'Message from ReloadProvider: Reload failed in Engine. Check engine or script logs.', exception: 'finishedFail' },
  { logger: 'System.Scheduler.Scheduler.Master.Task.TaskSession', level: 'WARN', actor: 'scheduler', text: () => 'Task finished with state FinishedFail' },
  { logger: 'System.Scheduler.Scheduler.Master.Task.TaskSession', level: 'WARN', actor: 'scheduler', text: (c) => `Task ${c.task.name} was queued for ${c.prng.range(60, 900)} seconds because no slave node had free capacity (max 4 concurrent reloads)` },
  { logger: 'System.Scheduler.Scheduler.Master.Task.TaskSession', level: 'WARN', actor: 'user', text: (c) => `Reload task ${c.task.name} aborted by user ${who(c.user)}` },
  { logger: 'System.Scheduler.Scheduler.Slave.Tasks.ReloadTask', level: 'ERROR', actor: 'scheduler', text: (c) => `Engine connection lost during reload of app ${c.app.id}, task will be retried (attempt ${c.prng.range(1, 3)} of 3)`, exception: 'reload' },
  { logger: 'System.Scheduler.Scheduler.Master.Task.TaskTrigger', level: 'WARN', actor: 'scheduler', text: (c) => `Task ${c.task.name} skipped: a previous execution is still running` },
  { logger: 'System.Scheduler.Scheduler.Master.Communication.SlaveConnection', level: 'ERROR', actor: 'scheduler', text: (c) => `Lost connection to slave scheduler on ${c.otherNode.hostName}`, exception: 'timeout' },
];

export function exceptionText(kind: SchedulerMessage['exception'], c: MessageContext): string {
  if (kind === undefined) return '';
  if (kind === 'finishedFail') return 'Task finished with state FinishedFail';
  return EXCEPTIONS[kind](c);
}
