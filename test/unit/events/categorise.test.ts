// Log-event categorisation (docs/inputs.md#categorisation-logeventscategorise; docs/compatibility.md S10-S12, S16):
// rule matching by level (incl. FATAL), filter types sw/ew/so, case handling, cumulative categories, `drop`, the
// ruleDefault category, disabled categorisation; directly and through the log-event handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoriseConfigWarnings, createCategoriser, DROP, type Categoriser } from '../../../src/events/categorise.js';
import { createLogEventHandler, type LogEventOutcome } from '../../../src/events/log-event-router.js';
import type { CategoriseConfig, CategoriseRule } from '../../../src/events/options.js';
import type { Category, LogEvent } from '../../../src/events/types.js';
import { datagrams, logOptions } from './helpers.js';

const cat = (value: string, name = 'qs_log_category'): Category => ({ name, value });
const UNKNOWN = cat('unknown');

/** The four example rules of the Butler SOS template, uncommented. */
const TEMPLATE_RULES: CategoriseRule[] = [
  {
    description: 'Find access denied errors',
    logLevel: ['WARN', 'ERROR'],
    action: 'categorise',
    category: [cat('access-denied')],
    filter: [
      { type: 'sw', value: 'Access was denied for User:' },
      { type: 'so', value: 'was denied for User' },
    ],
  },
  {
    description: 'Find AD issues',
    logLevel: ['ERROR', 'WARN'],
    action: 'categorise',
    category: [cat('user-directory')],
    filter: [{ type: 'sw', value: 'Duplicate entity with userId' }],
  },
  {
    description: 'Qlik Sense service down',
    logLevel: ['WARN'],
    action: 'categorise',
    category: [cat('qs-service')],
    filter: [
      { type: 'sw', value: 'Failed to request service alive response from' },
      { type: 'so', value: 'Unable to connect to the remote server' },
    ],
  },
  {
    description: 'Reload task failed',
    logLevel: ['WARN', 'ERROR'],
    action: 'categorise',
    category: [cat('reload-failed')],
    filter: [
      { type: 'sw', value: 'Task finished with state FinishedFail' },
      { type: 'sw', value: 'Task finished with state Error' },
      { type: 'ew', value: 'Reload failed in Engine. Check engine or script logs.' },
      { type: 'sw', value: 'Reload sequence was not successful (Result=False, Finished=True, Aborted=False) for engine connection with handle' },
    ],
  },
];

function config(rules: CategoriseRule[] | null, defaultCategory: Category[] | null = [UNKNOWN], defaultOn = true): CategoriseConfig {
  return { enable: true, rules, ruleDefault: { enable: defaultOn, category: defaultCategory } };
}

function categoriser(c: CategoriseConfig): Categoriser {
  const fn = createCategoriser(c);
  assert.ok(fn, 'categorisation enabled');
  return fn;
}

const rule = (overrides: Partial<CategoriseRule>): CategoriseRule => ({
  logLevel: ['WARN', 'ERROR', 'FATAL'],
  action: 'categorise',
  category: [cat('x')],
  filter: [{ type: 'so', value: 'x' }],
  ...overrides,
});

test('disabled or absent config: no categoriser, events carry no category key', () => {
  assert.equal(createCategoriser(undefined), undefined);
  assert.equal(createCategoriser(null), undefined);
  assert.equal(createCategoriser({ ...config(TEMPLATE_RULES), enable: false }), undefined);
  const [, , PROXY_1] = datagrams('udp', 'log-events-constructed.txt');
  const out = createLogEventHandler(logOptions())(PROXY_1);
  assert.equal(out.kind, 'event');
  assert.equal('category' in (out as { event: LogEvent }).event, false);
});

test('template rules against the constructed log events', () => {
  const categorise = categoriser(config(TEMPLATE_RULES));
  const cases: [string, string, Category[]][] = [
    ['WARN', "Access was denied for User: 'LAB\\joe' from 10.0.1.55", [cat('access-denied')]],
    ['ERROR', 'Duplicate entity with userId LAB\\joe found', [cat('user-directory')]],
    ['WARN', 'Failed to request service alive response from https://sense-rim1:4747', [cat('qs-service')]],
    ['WARN', 'Proxy: Unable to connect to the remote server', [cat('qs-service')]],
    ['WARN', 'Task finished with state FinishedFail', [cat('reload-failed')]],
    ['ERROR', 'Task finished with state Error (exit 1)', [cat('reload-failed')]],
    ['ERROR', 'Message from ReloadProvider: Reload failed in Engine. Check engine or script logs.', [cat('reload-failed')]],
    ['ERROR', 'Failed to request service alive response from x', [UNKNOWN]],
    ['WARN', 'Nothing interesting', [UNKNOWN]],
  ];
  for (const [level, message, expected] of cases) assert.deepEqual(categorise(level, message), expected, `${level} ${message}`);
});

test('template rules through the handler: every constructed engine/proxy/repository/scheduler line', () => {
  const lines = datagrams('udp', 'log-events-constructed.txt').filter((l) => !l.startsWith('/qseow-qix-perf/'));
  const h = createLogEventHandler(logOptions({ categorise: config(TEMPLATE_RULES) }));
  const categories = lines.map((l) => {
    const out = h(l);
    assert.equal(out.kind, 'event', l);
    return (out as { event: LogEvent }).event.category?.map((c) => c.value);
  });
  // Order of the fixture: engine ×2, proxy ×2, repository ×2, scheduler ×2.
  assert.deepEqual(categories, [
    ['unknown'],
    ['unknown'],
    ['access-denied'],
    ['unknown'], // ERROR "Failed to request service alive…": the template's service-down rule lists WARN only
    ['access-denied'],
    ['user-directory'],
    ['reload-failed'],
    ['reload-failed'],
  ]);
});

test('levels: only the listed levels match, compared case-insensitively on both sides', () => {
  const categorise = categoriser(config([rule({ logLevel: ['warn'], category: [cat('w')] })], null));
  assert.deepEqual(categorise('WARN', 'x'), [cat('w')]);
  assert.deepEqual(categorise('warn', 'x'), [cat('w')]);
  assert.deepEqual(categorise('Warn', 'x'), [cat('w')]);
  assert.deepEqual(categorise('ERROR', 'x'), []);
  assert.deepEqual(categorise('INFO', 'x'), []);
  const upperRule = categoriser(config([rule({ logLevel: [' ERROR '], category: [cat('e')] })], null));
  assert.deepEqual(upperRule('error', 'x'), [cat('e')], 'rule levels are trimmed too');
});

test('FATAL in logLevel matches FATAL events (fix: Butler schema refused it)', () => {
  const categorise = categoriser(config([rule({ logLevel: ['FATAL'], category: [cat('fatal')] })], [UNKNOWN]));
  assert.deepEqual(categorise('FATAL', 'engine x crashed'), [cat('fatal')]);
  assert.deepEqual(categorise('fatal', 'engine x crashed'), [cat('fatal')]);
  assert.deepEqual(categorise('ERROR', 'engine x crashed'), [UNKNOWN]);
  const handler = createLogEventHandler(logOptions({ categorise: config([rule({ logLevel: ['fatal'], category: [cat('fatal')], filter: [{ type: 'sw', value: 'Connection' }] })]) }));
  const [, ENGINE_2] = datagrams('udp', 'log-events-constructed.txt');
  const fatalLine = ENGINE_2.replace(';ERROR;', ';FATAL;');
  const out = handler(fatalLine);
  assert.equal(out.kind, 'event');
  assert.equal((out as { event: LogEvent }).event.level, 'FATAL');
  assert.deepEqual((out as { event: LogEvent }).event.category, [cat('fatal')]);
});

test('filter types: sw = starts with, ew = ends with, so = contains; exact positions', () => {
  const only = (type: string, value: string): Categoriser => categoriser(config([rule({ filter: [{ type, value }], category: [cat(type)] })], null));
  const sw = only('sw', 'Access');
  assert.deepEqual(sw('WARN', 'Access was denied'), [cat('sw')]);
  assert.deepEqual(sw('WARN', 'User Access was denied'), []);
  const ew = only('ew', 'logs.');
  assert.deepEqual(ew('WARN', 'Check engine or script logs.'), [cat('ew')]);
  assert.deepEqual(ew('WARN', 'Check engine or script logs. '), []);
  const so = only('so', 'denied');
  assert.deepEqual(so('WARN', 'Access was denied for User'), [cat('so')]);
  assert.deepEqual(so('WARN', 'denied'), [cat('so')]);
  assert.deepEqual(so('WARN', 'deny'), []);
  assert.deepEqual(only('so', '')('WARN', 'anything'), [cat('so')], 'an empty value is contained in every message');
});

test('filter values are case-sensitive; filter types and action are not (fix: Butler compared SW/Drop literally)', () => {
  const categorise = categoriser(config([rule({ filter: [{ type: 'SW', value: 'Access' }], category: [cat('a')] })], null));
  assert.deepEqual(categorise('WARN', 'Access was denied'), [cat('a')]);
  assert.deepEqual(categorise('WARN', 'access was denied'), []);
  assert.deepEqual(categorise('WARN', 'ACCESS was denied'), []);
  const drop = categoriser(config([rule({ action: 'Drop', filter: [{ type: 'So', value: 'noise' }] })]));
  assert.equal(drop('WARN', 'some noise here'), DROP);
});

test('unknown filter types never match and are reported once at start-up', () => {
  const c = config([rule({ description: 'bad', filter: [{ type: 'regex', value: '.*' }, { type: 'sw', value: 'Yes' }], category: [cat('r')] })], [UNKNOWN]);
  const categorise = categoriser(c);
  assert.deepEqual(categorise('WARN', 'No match'), [UNKNOWN]);
  assert.deepEqual(categorise('WARN', 'Yes match'), [cat('r')], 'later filters of the rule still apply');
  assert.deepEqual(categoriseConfigWarnings(c), ["Categorise rule 'bad': filter type 'regex' is not recognised"]);
});

test('config warnings: unknown action named, nothing for valid or disabled configs', () => {
  assert.deepEqual(categoriseConfigWarnings(config(TEMPLATE_RULES)), []);
  assert.deepEqual(categoriseConfigWarnings(config([rule({ action: 'DROP' })])), []);
  assert.deepEqual(categoriseConfigWarnings(config([rule({ action: 'delete' })])), [
    "Categorise rule #1: action 'delete' is not 'categorise' or 'drop'; treated as 'categorise'",
  ]);
  assert.deepEqual(categoriseConfigWarnings({ enable: false, rules: [rule({ action: 'delete', filter: [{ type: 'zz', value: '' }] })] }), []);
  assert.deepEqual(categoriseConfigWarnings(null), []);
  // An unknown action categorises (as Butler: anything but 'drop' appends the categories).
  assert.deepEqual(categoriser(config([rule({ action: 'delete', category: [cat('d')] })]))('WARN', 'x'), [cat('d')]);
});

test('rules are cumulative in file order; categories de-duplicated by name and value', () => {
  const categorise = categoriser(
    config([
      rule({ category: [cat('a'), cat('b', 'team')], filter: [{ type: 'sw', value: 'Reload' }] }),
      rule({ category: [cat('b', 'team'), cat('c')], filter: [{ type: 'so', value: 'failed' }] }),
      rule({ category: [cat('a', 'other')], filter: [{ type: 'ew', value: 'nothing' }] }),
      rule({ category: [cat('a')], filter: [{ type: 'so', value: 'Engine' }] }),
    ]),
  );
  assert.deepEqual(categorise('ERROR', 'Reload failed in Engine'), [cat('a'), cat('b', 'team'), cat('c')]);
  assert.deepEqual(categorise('ERROR', 'Task failed'), [cat('b', 'team'), cat('c')]);
  assert.deepEqual(categorise('ERROR', 'failed to Reload'), [cat('b', 'team'), cat('c')]);
});

test('one rule: the first matching filter decides, the rule adds its categories once', () => {
  const categorise = categoriser(config([rule({ category: [cat('a'), cat('a'), cat('b')], filter: [{ type: 'sw', value: 'x' }, { type: 'so', value: 'x' }] })]));
  assert.deepEqual(categorise('WARN', 'x marks x'), [cat('a'), cat('b')]);
});

test('same name with different values: both kept (each is a tag; last one wins downstream)', () => {
  const categorise = categoriser(config([rule({ category: [cat('one')] }), rule({ category: [cat('two')] })]));
  assert.deepEqual(categorise('WARN', 'x'), [cat('one'), cat('two')]);
});

test('ruleDefault: applied only when no rule matched; disabled → []; its entries are not de-duplicated', () => {
  const rules = [rule({ category: [cat('x')], filter: [{ type: 'sw', value: 'hit' }] })];
  const withDefault = categoriser(config(rules, [UNKNOWN, cat('misc', 'area')]));
  assert.deepEqual(withDefault('WARN', 'hit me'), [cat('x')]);
  assert.deepEqual(withDefault('WARN', 'miss'), [UNKNOWN, cat('misc', 'area')]);
  assert.deepEqual(withDefault('INFO', 'hit me'), [UNKNOWN, cat('misc', 'area')], 'level mismatch is no match');
  assert.deepEqual(categoriser(config(rules, [UNKNOWN], false))('WARN', 'miss'), []);
  assert.deepEqual(categoriser(config(rules, [UNKNOWN, UNKNOWN]))('WARN', 'miss'), [UNKNOWN, UNKNOWN]);
  assert.deepEqual(categoriser({ enable: true, rules })('WARN', 'miss'), [], 'no ruleDefault key');
  assert.deepEqual(categoriser({ enable: true, rules, ruleDefault: null })('WARN', 'miss'), []);
  assert.deepEqual(categoriser(config(rules, null))('WARN', 'miss'), [], 'null default category list');
});

test('a matching rule with no categories still suppresses the default', () => {
  const categorise = categoriser(config([rule({ category: null })], [UNKNOWN]));
  assert.deepEqual(categorise('WARN', 'x'), []);
  assert.deepEqual(categorise('WARN', 'y'), [UNKNOWN]);
});

test('null lists: rules null → default only; filter null → rule never matches', () => {
  assert.deepEqual(categoriser(config(null))('WARN', 'x'), [UNKNOWN]);
  assert.deepEqual(categoriser(config([rule({ filter: null })]))('WARN', 'x'), [UNKNOWN]);
  assert.deepEqual(categoriser(config([rule({ logLevel: null })]))('WARN', 'x'), [UNKNOWN]);
  assert.deepEqual(categoriser(config([null as unknown as CategoriseRule, rule({})]))('WARN', 'x'), [cat('x')]);
});

test('drop: returns DROP at once, even after other rules matched (fix: Butler published with category [])', () => {
  const categorise = categoriser(
    config([
      rule({ category: [cat('first')], filter: [{ type: 'so', value: 'noise' }] }),
      rule({ action: 'drop', logLevel: ['WARN'], filter: [{ type: 'so', value: 'noise' }] }),
      rule({ category: [cat('later')], filter: [{ type: 'so', value: 'noise' }] }),
    ]),
  );
  assert.equal(categorise('WARN', 'just noise'), DROP);
  assert.deepEqual(categorise('ERROR', 'just noise'), [cat('first'), cat('later')], 'drop rule is level-bound too');
  assert.deepEqual(categorise('WARN', 'signal'), [UNKNOWN]);
});

test('drop through the handler: outcome dropped-by-rule, still counted; other events pass', () => {
  const [, , PROXY_1, PROXY_2] = datagrams('udp', 'log-events-constructed.txt');
  const h = createLogEventHandler(
    logOptions({ categorise: config([rule({ action: 'drop', filter: [{ type: 'sw', value: 'Access was denied' }] })]) }),
  );
  assert.deepEqual(h(PROXY_1), {
    kind: 'dropped-by-rule',
    count: { eventType: 'log', source: 'qseow-proxy', host: 'SENSE-CENTRAL', subsystem: 'Audit.Proxy.Proxy.SessionEstablishment.Authentication.AuthenticationHandler' },
  });
  const other = h(PROXY_2);
  assert.equal(other.kind, 'event');
  assert.deepEqual((other as { event: LogEvent }).event.category, [UNKNOWN]);
  const notCounting = createLogEventHandler(
    logOptions({ eventCountEnabled: false, categorise: config([rule({ action: 'drop', filter: [{ type: 'sw', value: 'Access was denied' }] })]) }),
  );
  assert.deepEqual(notCounting(PROXY_1), { kind: 'dropped-by-rule', count: null });
});

test('qix-perf events have no message: rules listing INFO never throw (fix: Butler lost the event)', () => {
  const qix = datagrams('udp', 'log-events-constructed.txt').filter((l) => l.startsWith('/qseow-qix-perf/'));
  const rules = [
    rule({ logLevel: ['info'], category: [cat('perf')], filter: [{ type: 'sw', value: 'GenericObject' }] }),
    rule({ logLevel: ['INFO'], category: [cat('all-info', 'level')], filter: [{ type: 'so', value: '' }] }),
  ];
  const h = createLogEventHandler(logOptions({ categorise: config(rules) }));
  for (const line of qix) {
    const out: LogEventOutcome = h(line);
    assert.equal(out.kind, 'event', line);
    const event = (out as { event: LogEvent }).event;
    assert.equal('message' in event, false);
    assert.deepEqual(event.category, [cat('all-info', 'level')], 'message is treated as empty, not as the method');
  }
  const noMatch = createLogEventHandler(logOptions({ categorise: config([rules[0]]) }));
  assert.deepEqual((noMatch(qix[0]) as { event: LogEvent }).event.category, [UNKNOWN]);
  assert.deepEqual(categoriser(config([rules[0]]))('INFO', undefined), [UNKNOWN]);
});

test('returned category lists are frozen, so one shared list cannot be changed through an event', () => {
  const categorise = categoriser(config([rule({ category: [cat('a')] })]));
  const matched = categorise('WARN', 'x') as Category[];
  const fallback = categorise('WARN', 'y') as Category[];
  for (const list of [matched, fallback]) {
    assert.ok(Object.isFrozen(list));
    for (const c of list) assert.ok(Object.isFrozen(c));
  }
  assert.throws(() => matched.push(cat('b')), TypeError);
  assert.deepEqual(categorise('WARN', 'x'), [cat('a')]);
});

test('the config objects passed in are not modified', () => {
  const c = config([rule({ category: [cat('a'), cat('a')], filter: [{ type: 'SW', value: 'x' }], action: 'Drop' })], [UNKNOWN]);
  const before = JSON.stringify(c);
  categoriser(c)('WARN', 'x');
  assert.equal(JSON.stringify(c), before);
});
