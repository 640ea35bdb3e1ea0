import { defineMeasurement, field, tag } from './define.js';

// `user_events`: one point per UDP user event (docs/data-model.md#user_events). Field names differ per version and
// the shipped dashboards query them by name.

const UA = 'when the message carries a parsable UserAgent';

export const userEventsSchema = defineMeasurement(
  'user_events',
  'One point per session/connection user event from the proxy',
  {
    host: tag('host', 'always', 'Qlik proxy host as sent in the event'),
    eventAction: tag('event_action', 'always', 'Start session | Stop session | Open connection | Close connection'),
    userFull: tag('userFull', 'always', '`DIR\\user` (never sanitised in v3)'),
    userDirectory: tag('userDirectory', 'always', 'User directory'),
    userId: tag('userId', 'always', 'User id'),
    origin: tag('origin', 'always', 'Origin, e.g. AppAccess'),
    appId: tag('appId', 'context is /app/<GUID>…', 'App id'),
    appName: tag('appName', 'with appId', 'App name from the QRS app list, `<unknown app name>` when not found (v3: `unknown app name`)'),
    uaBrowserName: tag('uaBrowserName', UA, 'Browser name as Bowser reports it, e.g. Chrome'),
    uaBrowserMajorVersion: tag('uaBrowserMajorVersion', UA, 'Browser major version'),
    uaOsName: tag('uaOsName', UA, 'OS name, e.g. Windows, macOS'),
    uaOsVersion: tag('uaOsVersion', UA, 'OS version, e.g. NT 10.0'),
    userFullField: field('`DIR\\user`', 'always', ['userFull', 'string'], ['userFull', 'string'], ['userFull_field', 'string']),
    userIdField: field('User id', 'always', ['userId', 'string'], ['userId', 'string'], ['userId_field', 'string']),
    appIdField: field('App id', 'with appId', ['appId', 'string'], ['appId_field', 'string'], ['appId_field', 'string']),
    appNameField: field('App name', 'with appName', ['appName', 'string'], ['appName_field', 'string'], ['appName_field', 'string']),
  },
  { dynamicTags: [{ label: 'static tags', description: 'every userEvents.tags entry (v3: value sanitised)' }] },
);
