// Shared test helpers for the events unit tests: fixture datagrams and handler options.
import { readFileSync } from 'node:fs';
import { fixturePath } from '../../support/paths.js';
import type { LogEventHandlerOptions, UserEventHandlerOptions } from '../../../src/events/options.js';

/** The datagrams of a fixture file (test/fixtures/spec/README.md: '#' lines are comments, every other line is one datagram). */
export function datagrams(...path: string[]): string[] {
  return readFileSync(fixturePath('spec', ...path), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function fieldArrays(): Record<string, unknown> {
  return JSON.parse(readFileSync(fixturePath('spec', 'udp', 'log-events-field-arrays-from-tests.json'), 'utf8')) as Record<string, unknown>;
}

/** The app list the poller would push (the documented user-event examples use this id/name pair). */
export const APP_NAMES = new Map<string, string>([
  ['e7af59a0-c243-480d-9571-08727551a66f', 'Test failing reloads 2'],
  ['d7cf16f9-6a95-462a-9ff1-a6d413326de4', 'Sales dashboard'],
]);

export const lookupAppName = (id: string): string | undefined => APP_NAMES.get(id);

/** All sources on, counting on, categorisation off, perf monitor on and accepting everything (allApps). */
export function logOptions(overrides: Partial<LogEventHandlerOptions> = {}): LogEventHandlerOptions {
  return {
    source: {
      engine: { enable: true },
      proxy: { enable: true },
      repository: { enable: true },
      scheduler: { enable: true },
      qixPerf: { enable: true },
    },
    categorise: { enable: false, rules: null, ruleDefault: { enable: false, category: null } },
    enginePerformanceMonitor: {
      enable: true,
      appNameLookup: { enable: false },
      trackRejectedEvents: { enable: true },
      monitorFilter: {
        allApps: {
          enable: true,
          appExclude: null,
          objectType: { allObjectTypes: true, allObjectTypesExclude: null, someObjectTypesInclude: null },
          method: { allMethods: true, allMethodsExclude: null, someMethodsInclude: null },
        },
        appSpecific: { enable: false, app: null },
      },
    },
    eventCountEnabled: true,
    trackRejected: true,
    appName: lookupAppName,
    ...overrides,
  };
}

export function userOptions(overrides: Partial<UserEventHandlerOptions> = {}): UserEventHandlerOptions {
  return { excludeUser: null, eventCountEnabled: true, appName: lookupAppName, ...overrides };
}

/** Asserts key order as well as values: the key order is part of the output contract (types.ts). */
export function keysInOrder(obj: object): string[] {
  return Object.keys(obj);
}
