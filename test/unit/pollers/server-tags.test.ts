import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverTagProblems, verifyServerTags } from '../../../src/pollers/server-tags.js';

type Servers = Parameters<typeof serverTagProblems>[0];

function config(definition: string[], tags: Array<Record<string, string | null> | null>): Servers {
  return {
    serversToMonitor: {
      serverTagsDefinition: definition,
      servers: tags.map((serverTags, i) => ({ host: `s${i}:4747`, serverName: `s${i}`, serverTags })),
    },
  } as unknown as Servers;
}

test('declared tags present on every server pass', () => {
  assert.deepEqual(serverTagProblems(config(['server_group', 'location'], [{ server_group: 'DEV', location: 'EU' }, { server_group: 'PROD', location: 'US' }])), []);
  assert.deepEqual(serverTagProblems(config([], [null, {}])), []);
});

test('an undeclared tag names the server and key', () => {
  const problems = serverTagProblems(config([], [{ rack: '7' }]));
  assert.deepEqual(problems, ['serversToMonitor.servers[0] (s0).serverTags.rack: tag is not declared in serversToMonitor.serverTagsDefinition']);
});

test('a declared tag missing or null on a server is reported for that server only', () => {
  const problems = serverTagProblems(config(['server_group'], [{ server_group: 'DEV' }, { server_group: null }, null]));
  assert.deepEqual(problems, [
    'serversToMonitor.servers[1] (s1).serverTags.server_group: declared tag is missing or null',
    'serversToMonitor.servers[2] (s2).serverTags.server_group: declared tag is missing or null',
  ]);
});

test('tag names must be valid Prometheus label names', () => {
  const problems = serverTagProblems(config(['serverLocation', 'server-group', '1st'], [{ serverLocation: 'x', 'server-group': 'y', '1st': 'z' }]));
  assert.equal(problems.length, 2);
  assert.match(problems[0], /serverTagsDefinition\[1\]: "server-group" is not a valid Prometheus label name/);
  assert.match(problems[1], /serverTagsDefinition\[2\]: "1st"/);
});

test('verifyServerTags throws one error listing every problem', () => {
  assert.throws(() => verifyServerTags(config(['a'], [{ b: '1' }])), (err: Error) => {
    assert.match(err.message, /serverTags\.b: tag is not declared/);
    assert.match(err.message, /serverTags\.a: declared tag is missing/);
    return true;
  });
});
