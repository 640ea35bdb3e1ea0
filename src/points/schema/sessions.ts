import { defineMeasurement, field, same, tag } from './define.js';
import { customServerTags, serverTagMembers } from './health.js';

// Proxy sessions per server and virtual proxy (docs/data-model.md#user_session_summary). Butler SOS v15 wrote
// the v2 points without server tags (docs/compatibility.md, row "D2.9 v2"); every version gets them here.

const sessionTags = {
  ...serverTagMembers,
  virtualProxy: tag('user_session_virtual_proxy', 'always', 'Virtual proxy prefix as configured, e.g. `/`, `/hdr`'),
  sessionHost: tag('user_session_host', 'always', 'servers[].userSessions.host, including the port'),
};

const options = { dynamicTags: [customServerTags] };

const sessionCount = (when: string, v1: boolean) =>
  field(
    'Sessions on the virtual proxy (excluded users included)',
    when,
    v1 ? ['session_count', 'integer'] : null,
    ['session_count', 'uinteger'],
    ['session_count', 'integer'],
  );

const userList = field(
  'Distinct `DIR\\user` of the sessions in first-seen order, comma-joined (excluded users included)',
  'always',
  ...same('session_user_id_list', 'string'),
);

export const userSessionSummarySchema = defineMeasurement(
  'user_session_summary',
  'Session count and user list per server and virtual proxy',
  { ...sessionTags, sessionCount: sessionCount('always', true), sessionUserIdList: userList },
  options,
);

export const userSessionListSchema = defineMeasurement(
  'user_session_list',
  'User list per server and virtual proxy (v1 has no session_count)',
  { ...sessionTags, sessionCount: sessionCount('v2, v3', false), sessionUserIdList: userList },
  options,
);

export const userSessionDetailsSchema = defineMeasurement(
  'user_session_details',
  'One point per session of a user not in userSessions.excludeUser',
  {
    ...sessionTags,
    sessionIdTag: tag('user_session_id', 'always', 'Proxy session id'),
    userDirectoryTag: tag('user_session_user_directory', 'always', 'User directory'),
    userIdTag: tag('user_session_user_id', 'always', 'User id'),
    sessionId: field('Proxy session id', 'always', ...same('session_id', 'string')),
    userDirectory: field('User directory', 'always', ...same('user_directory', 'string')),
    userId: field('User id', 'always', ...same('user_id', 'string')),
  },
  options,
);
