import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliUsageError } from '../../../src/cli/args.js';
import { parseServiceArgs, runServiceCommand, serviceCommands, serviceLayout, winswXml } from '../../../src/cli/windows-service.js';

// The Windows service command builds WinSW's files and command lines; only Windows can run them, so the exact
// layout, XML and commands are checked here (docs/deployment.md documents the same).

const sea = { execPath: 'C:\\Program Files\\Butler SOS\\butler-sos-win-x64.exe', mainScript: null, cwd: 'C:\\Users\\admin' };

test('service args: an action, -c required for install, a safe --name', () => {
  assert.deepEqual(parseServiceArgs(['install', '-c', 'prod.yaml']), { action: 'install', id: 'ButlerSOS', configFile: 'prod.yaml', dir: undefined });
  assert.deepEqual(parseServiceArgs(['stop', '--name', 'ButlerSOS-b']), { action: 'stop', id: 'ButlerSOS-b', configFile: undefined, dir: undefined });
  assert.throws(() => parseServiceArgs(['install']), /-c <config file> is required/);
  assert.throws(() => parseServiceArgs(['restart']), (e: unknown) => e instanceof CliUsageError && /expected one of install, uninstall, start, stop, got "restart"/.test(e.message));
  assert.throws(() => parseServiceArgs(['start', '--name', 'Butler SOS']), /may only hold letters/);
  assert.throws(() => parseServiceArgs(['start', '--bogus']), CliUsageError);
});

test('service install (stand-alone executable): WinSW files next to the exe, restart on failure, 20 s stop, rotating logs', () => {
  const layout = serviceLayout(parseServiceArgs(['install', '-c', 'conf\\production.yaml']), sea);
  assert.deepEqual(layout, {
    id: 'ButlerSOS',
    dir: 'C:\\Program Files\\Butler SOS',
    wrapper: 'C:\\Program Files\\Butler SOS\\butler-sos-service.exe',
    xmlFile: 'C:\\Program Files\\Butler SOS\\butler-sos-service.xml',
    executable: 'C:\\Program Files\\Butler SOS\\butler-sos-win-x64.exe',
    arguments: ['-c', 'C:\\Users\\admin\\conf\\production.yaml'],
    logDir: 'C:\\Program Files\\Butler SOS\\log',
  });
  assert.equal(
    winswXml(layout),
    [
      '<service>',
      '  <id>ButlerSOS</id>',
      '  <name>Butler SOS (ButlerSOS)</name>',
      '  <description>Butler SOS: real-time monitoring collector for Qlik Sense</description>',
      '  <executable>C:\\Program Files\\Butler SOS\\butler-sos-win-x64.exe</executable>',
      '  <argument>-c</argument>',
      '  <argument>C:\\Users\\admin\\conf\\production.yaml</argument>',
      '  <workingdirectory>C:\\Program Files\\Butler SOS</workingdirectory>',
      '  <env name="NODE_ENV" value="production"/>',
      '  <startmode>Automatic</startmode>',
      '  <stoptimeout>20 sec</stoptimeout>',
      '  <onfailure action="restart" delay="10 sec"/>',
      '  <onfailure action="restart" delay="30 sec"/>',
      '  <onfailure action="restart" delay="60 sec"/>',
      '  <resetfailure>1 hour</resetfailure>',
      '  <logpath>C:\\Program Files\\Butler SOS\\log</logpath>',
      '  <logmode>rotate</logmode>',
      '</service>',
      '',
    ].join('\r\n'),
  );
  assert.deepEqual(serviceCommands('install', layout), [{ argv: ['C:\\Program Files\\Butler SOS\\butler-sos-service.exe', 'install'] }]);
  assert.deepEqual(serviceCommands('start', layout), [{ argv: ['C:\\Program Files\\Butler SOS\\butler-sos-service.exe', 'start'] }]);
  assert.deepEqual(serviceCommands('stop', layout), [{ argv: ['C:\\Program Files\\Butler SOS\\butler-sos-service.exe', 'stop'] }]);
  assert.deepEqual(serviceCommands('uninstall', layout), [
    { argv: ['C:\\Program Files\\Butler SOS\\butler-sos-service.exe', 'stop'], allowFail: true },
    { argv: ['C:\\Program Files\\Butler SOS\\butler-sos-service.exe', 'uninstall'] },
  ]);
});

test('service install (npm install, node.exe): node runs the main script; files in --dir; XML special characters escaped', () => {
  const node = { execPath: 'C:\\nodejs\\node.exe', mainScript: 'D:\\apps\\butler-sos\\dist\\src\\main.js', cwd: 'D:\\apps\\butler-sos' };
  const layout = serviceLayout(parseServiceArgs(['install', '-c', 'D:\\R&D\\sos.yaml', '--dir', 'svc', '--name', 'ButlerSOS-b']), node);
  assert.equal(layout.dir, 'D:\\apps\\butler-sos\\svc');
  assert.equal(layout.executable, 'C:\\nodejs\\node.exe');
  assert.deepEqual(layout.arguments, ['D:\\apps\\butler-sos\\dist\\src\\main.js', '-c', 'D:\\R&D\\sos.yaml']);
  const xml = winswXml(layout);
  assert.match(xml, /<id>ButlerSOS-b<\/id>/);
  assert.match(xml, /<argument>D:\\R&amp;D\\sos\.yaml<\/argument>/);
  assert.doesNotMatch(xml, /R&D/);
});

test('service on Linux: exit 2 pointing at the systemd unit, nothing run', async () => {
  const written: string[] = [];
  const orig = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
  try {
    assert.equal(await runServiceCommand(['start'], 'linux'), 2);
  } finally {
    process.stderr.write = orig;
  }
  assert.match(written.join(''), /Windows only\. On Linux use the systemd unit in deploy\/systemd/);
});
