// `npm run package`'s executables (deploy/sea/package.mjs). linux-x64 runs end to end from an empty
// directory (no node_modules, no dist next to it): --version, --check-config, and a UDP round trip into the
// file destination with /health and /ready answered by the node:http engine. win-x64, darwin-x64 and
// linux-arm64 cannot run here: they are checked for their executable format and for the injected
// application (the SEA fuse flipped, the blob present). The Windows one also runs under Debian's wine64:
// --version, --check-config and the same UDP round trip (the Windows service itself needs Windows).
// Building all four takes ~1 minute on 2 cores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { defaultCollectorConfig } from '../support/collector-config.js';
import { freePort } from '../support/free-port.js';
import { repoRoot } from '../support/paths.js';
import { datagramsOf, freeUdpPort, sendDatagrams } from '../support/udp.js';
import { fixturePath } from '../support/paths.js';

const root = repoRoot();
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

interface Packager {
  packageBinaries(targets: string[], outDir: string): Promise<string[]>;
}

const out = mkdtempSync(join(tmpdir(), 'bsos-sea-'));
const built: Promise<string[]> = (import(pathToFileURL(join(root, 'deploy', 'sea', 'package.mjs')).href) as Promise<Packager>).then((m) =>
  m.packageBinaries(['linux-x64', 'linux-arm64', 'win-x64', 'darwin-x64'], out),
);
test.after(() => rmSync(out, { recursive: true, force: true }));

function head(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    readSync(fd, buf, 0, bytes, 0);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** config/default.yaml on loopback ports with the Docker health endpoint on, for a run of an executable. */
async function runConfig(): Promise<{ config: Record<string, any>; c: Record<string, any>; logPort: number; healthPort: number }> {
  const logPort = await freeUdpPort();
  const healthPort = await freePort();
  const c = defaultCollectorConfig(logPort, await freeUdpPort());
  c.dockerHealthCheck = { enable: true, port: healthPort };
  return { config: { 'Butler-SOS': c }, c, logPort, healthPort };
}

test('package: four executables named butler-sos-<platform>-<arch>, each in its format with the application injected', { timeout: 600_000 }, async () => {
  const files = await built;
  assert.deepEqual(files.map((f) => f.slice(out.length + 1)), ['butler-sos-linux-x64', 'butler-sos-linux-arm64', 'butler-sos-win-x64.exe', 'butler-sos-darwin-x64']);
  const magic = (f: string) => head(f, 64);
  const elfMachine = (f: string) => magic(f).readUInt16LE(18);
  for (const f of files.filter((f) => f.includes('linux'))) assert.deepEqual([...magic(f).subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], `${f}: ELF`);
  assert.equal(elfMachine(files[0]), 0x3e, 'x86-64');
  assert.equal(elfMachine(files[1]), 0xb7, 'aarch64');
  const pe = magic(files[2]);
  assert.equal(pe.subarray(0, 2).toString('latin1'), 'MZ');
  assert.equal(head(files[2], pe.readUInt32LE(0x3c) + 4).subarray(-4).toString('latin1'), 'PE\0\0', 'PE signature');
  assert.equal(magic(files[3]).readUInt32LE(0), 0xfeedfacf, 'Mach-O 64-bit');
  assert.equal(magic(files[3]).readUInt32LE(4), 0x01000007, 'x86_64 CPU type');
  for (const f of files) {
    const bytes = readFileSync(f);
    assert.ok(bytes.includes(`${FUSE}:1`), `${f}: the SEA fuse is flipped`);
    assert.ok(bytes.includes('manifest.json') && bytes.includes('workers/parse.js'), `${f}: the application's assets are inside`);
  }
  // WinSW, the Windows service host `butler-sos service install` writes out (src/cli/windows-service.ts).
  const winsw = readFileSync(join(root, '.tmp', 'sea-node', 'node-windows-0.1.14', 'package', 'bin', 'winsw', 'winsw.exe'));
  assert.ok(readFileSync(files[2]).includes(winsw), 'winsw.exe is embedded whole in the Windows executable');
});

test('package: linux-x64 from an empty directory: --version, --check-config, UDP in → line protocol out, health probes, clean stop', { timeout: 600_000 }, async () => {
  const [linux] = await built;
  const dir = mkdtempSync(join(tmpdir(), 'bsos-sea-run-'));
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const exe = join(dir, 'butler-sos');
  copyFileSync(linux, exe);
  spawnSync('chmod', ['+x', exe]);
  // Nothing but the executable: no node_modules, no dist, no package.json up the tree of the run directory.
  const env = { PATH: '/usr/bin:/bin', TMPDIR: tmp, HOME: dir };
  const run = (args: string[]) => spawnSync(exe, args, { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
  try {
    const version = run(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);

    const { config, c, logPort, healthPort } = await runConfig();
    // Log files (pino-roll in pino's transport thread) and the web console's static files come from inside
    // the executable too.
    c.fileLogging = true;
    c.logDirectory = 'logs';
    const consolePort = await freePort();
    c.configVisualisation = { ...c.configVisualisation, enable: true, host: '127.0.0.1', port: consolePort, obfuscate: true };
    writeFileSync(join(dir, 'production.yaml'), stringify(config));
    const check = run(['--check-config', '-c', 'production.yaml']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    writeFileSync(join(dir, 'bad.yaml'), stringify({ 'Butler-SOS': { ...c, logLevel: 'loud' } }));
    const bad = run(['--check-config', '-c', 'bad.yaml']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout + bad.stderr, /logLevel/);

    const child = spawn(exe, ['-c', 'production.yaml'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (b: Buffer) => (log += b.toString()));
    child.stderr.on('data', (b: Buffer) => (log += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const until = async (what: string, check: () => Promise<boolean> | boolean) => {
        const end = Date.now() + 30_000;
        while (Date.now() < end) {
          if (await check()) return;
          await new Promise((r) => setTimeout(r, 200));
        }
        assert.fail(`${what} not seen within 30 s; log:\n${log.slice(-3000)}`);
      };
      const status = (path: string) => fetch(`http://127.0.0.1:${healthPort}${path}`).then((r) => r.status, () => 0);
      await until('/ready 200', async () => (await status('/ready')) === 200);
      assert.equal(await status('/health'), 200);
      assert.match(log, /uWebSockets\.js is not installed; serving dockerHealthCheck\.port with node:http/);
      const page = await fetch(`http://127.0.0.1:${consolePort}/`).then((r) => r.text());
      assert.match(page, /<html/i, 'the config page is served from the executable');
      assert.match(page, /Download YAML/, 'the config page template was found');

      const datagrams = datagramsOf(fixturePath('spec', 'udp', 'log-events-from-tests.txt'));
      await sendDatagrams(logPort, datagrams);
      const lpDir = join(dir, 'data', 'lineprotocol');
      const lines = () => (existsSync(lpDir) ? readdirSync(lpDir).flatMap((f) => readFileSync(join(lpDir, f), 'utf8').split('\n')).filter((l) => l.startsWith('log_event,')) : []);
      await until('log_event lines in the file destination', () => lines().length > 0);
      child.kill('SIGTERM');
      assert.equal(await exited, 0, log.slice(-3000));
      assert.ok(lines().length >= datagrams.length / 2, `${lines().length} log_event lines for ${datagrams.length} datagrams`);
      assert.deepEqual(readdirSync(tmp), [], 'the extracted application is removed at exit');
      const logFiles = readdirSync(join(dir, 'logs'));
      assert.equal(logFiles.length, 1, `one log file: ${logFiles.join(', ')}`);
      assert.match(logFiles[0], /^butler-sos\.\d{4}-\d{2}-\d{2}\.\d+\.log$/);
      assert.match(readFileSync(join(dir, 'logs', logFiles[0]), 'utf8'), /Butler SOS is ready/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const WINE = ['/usr/lib/wine/wine64', '/usr/bin/wine64'].find((p) => existsSync(p));
const WINESERVER = ['/usr/lib/wine/wineserver64', '/usr/bin/wineserver'].find((p) => existsSync(p));

test('package: win-x64 under wine64: --version, --check-config, UDP in → line protocol out, health probes', { timeout: 600_000 }, async (t) => {
  if (!WINE || !WINESERVER) {
    if (process.env.CI === 'true') assert.fail('wine64 is not installed (.ci/run installs it)');
    t.skip('wine64 is not installed');
    return;
  }
  const [, , windows] = await built;
  const dir = mkdtempSync(join(tmpdir(), 'bsos-wine-'));
  // Node 22 refuses Windows versions before 8.1; a fresh prefix says Windows 7 until told otherwise.
  const env = { ...process.env, WINEPREFIX: join(dir, 'prefix'), WINEDEBUG: '-all' };
  // Node under wine cannot use pipes for its stdio (EBADF): output goes through files.
  let calls = 0;
  const wine = (args: string[]) => {
    const file = join(dir, `out-${calls++}.txt`);
    const fd = openSync(file, 'w');
    try {
      const res = spawnSync(WINE, args, { cwd: dir, env, stdio: ['ignore', fd, fd], timeout: 120_000 });
      return { status: res.status, stdout: readFileSync(file, 'utf8'), stderr: '' };
    } finally {
      closeSync(fd);
    }
  };
  try {
    copyFileSync(windows, join(dir, 'butler-sos.exe'));
    assert.equal(wine(['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f']).status, 0);
    const version = wine(['butler-sos.exe', '--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);

    const { config, logPort, healthPort } = await runConfig();
    writeFileSync(join(dir, 'production.yaml'), stringify(config));
    const check = wine(['butler-sos.exe', '--check-config', '-c', 'production.yaml']);
    assert.equal(check.status, 0, check.stdout + check.stderr);

    const logFd = openSync(join(dir, 'collector.log'), 'w');
    const child = spawn(WINE, ['butler-sos.exe', '-c', 'production.yaml'], { cwd: dir, env, stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    const log = { slice: (n: number) => readFileSync(join(dir, 'collector.log'), 'utf8').slice(n) };
    try {
      const until = async (what: string, check: () => Promise<boolean> | boolean) => {
        const end = Date.now() + 60_000;
        while (Date.now() < end) {
          if (await check()) return;
          await new Promise((r) => setTimeout(r, 250));
        }
        assert.fail(`${what} not seen within 60 s; log:\n${log.slice(-3000)}`);
      };
      const status = (path: string) => fetch(`http://127.0.0.1:${healthPort}${path}`).then((r) => r.status, () => 0);
      await until('/ready 200', async () => (await status('/ready')) === 200);
      assert.equal(await status('/health'), 200);
      const datagrams = datagramsOf(fixturePath('spec', 'udp', 'log-events-from-tests.txt'));
      await sendDatagrams(logPort, datagrams);
      const lpDir = join(dir, 'data', 'lineprotocol');
      const lines = () => (existsSync(lpDir) ? readdirSync(lpDir).flatMap((f) => readFileSync(join(lpDir, f), 'utf8').split('\n')).filter((l) => l.startsWith('log_event,')) : []);
      await until('log_event lines in the file destination', () => lines().length > 0);
      assert.ok(lines().length >= datagrams.length / 2, `${lines().length} log_event lines for ${datagrams.length} datagrams`);
    } finally {
      // Wine has no SIGTERM → Ctrl+C path; end the prefix's processes.
      spawnSync(WINESERVER, ['-k'], { env });
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
