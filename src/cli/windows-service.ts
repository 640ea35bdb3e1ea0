// `butler-sos service install|uninstall|start|stop [-c <config>] [--name <id>] [--dir <folder>]` on Windows.
//
// A Windows service must answer the Service Control Manager (StartServiceCtrlDispatcher) within 30 s, which
// Node cannot do without a native module, so `sc.exe create` on butler-sos.exe alone fails with error 1053.
// The service is therefore WinSW (winsw.exe, MIT; shipped in the node-windows npm package, embedded in the
// stand-alone executable): a small service host that starts the collector, restarts it on failure, stops it
// with Ctrl+C (our drain) before killing it, and writes its stdout/stderr to rotating log files. WinSW wants
// its exe and an XML file with the same base name side by side: <dir>\butler-sos-service.{exe,xml}.
import { spawnSync } from 'node:child_process';
import { realpathSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { win32 } from 'node:path';
import { parseArgs as parseNodeArgs } from 'node:util';
import { CliUsageError } from './args.js';

export const SERVICE_ACTIONS = ['install', 'uninstall', 'start', 'stop'] as const;
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];

export interface ServiceOptions {
  action: ServiceAction;
  /** Service id (no spaces), default ButlerSOS. */
  id: string;
  configFile?: string;
  dir?: string;
}

/** What the service runs, where its files go. Windows paths. */
export interface ServiceLayout {
  id: string;
  dir: string;
  wrapper: string;
  xmlFile: string;
  executable: string;
  arguments: string[];
  logDir: string;
}

/** The drain takes at most 9 s; WinSW kills the process after this. */
const STOP_TIMEOUT_S = 20;

export function parseServiceArgs(argv: readonly string[]): ServiceOptions {
  let parsed;
  try {
    parsed = parseNodeArgs({
      args: [...argv],
      options: { configfile: { type: 'string', short: 'c' }, name: { type: 'string' }, dir: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new CliUsageError((err as Error).message.split('\n')[0]);
  }
  const [action, ...rest] = parsed.positionals;
  if (!(SERVICE_ACTIONS as readonly string[]).includes(action ?? '') || rest.length > 0) {
    throw new CliUsageError(`butler-sos service: expected one of ${SERVICE_ACTIONS.join(', ')}, got "${parsed.positionals.join(' ')}"`);
  }
  const id = parsed.values.name ?? 'ButlerSOS';
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new CliUsageError(`butler-sos service: --name "${id}" may only hold letters, digits, _ and -`);
  if (action === 'install' && !parsed.values.configfile) throw new CliUsageError('butler-sos service install: -c <config file> is required');
  return { action: action as ServiceAction, id, configFile: parsed.values.configfile, dir: parsed.values.dir };
}

export interface Runtime {
  /** process.execPath */
  execPath: string;
  /** The collector's main script when run by node.exe; null inside the stand-alone executable. */
  mainScript: string | null;
  cwd: string;
}

export function serviceLayout(opts: ServiceOptions, rt: Runtime): ServiceLayout {
  const dir = win32.resolve(rt.cwd, opts.dir ?? (rt.mainScript ? rt.cwd : win32.dirname(rt.execPath)));
  const config = opts.configFile ? ['-c', win32.resolve(rt.cwd, opts.configFile)] : [];
  return {
    id: opts.id,
    dir,
    wrapper: win32.join(dir, 'butler-sos-service.exe'),
    xmlFile: win32.join(dir, 'butler-sos-service.xml'),
    executable: rt.execPath,
    arguments: [...(rt.mainScript ? [rt.mainScript] : []), ...config],
    logDir: win32.join(dir, 'log'),
  };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** WinSW's configuration: automatic start, restart on failure, Ctrl+C then kill after 20 s, rotating logs. */
export function winswXml(l: ServiceLayout): string {
  return [
    '<service>',
    `  <id>${esc(l.id)}</id>`,
    `  <name>Butler SOS (${esc(l.id)})</name>`,
    '  <description>Butler SOS: real-time monitoring collector for Qlik Sense</description>',
    `  <executable>${esc(l.executable)}</executable>`,
    ...l.arguments.map((a) => `  <argument>${esc(a)}</argument>`),
    `  <workingdirectory>${esc(l.dir)}</workingdirectory>`,
    '  <env name="NODE_ENV" value="production"/>',
    '  <startmode>Automatic</startmode>',
    `  <stoptimeout>${STOP_TIMEOUT_S} sec</stoptimeout>`,
    '  <onfailure action="restart" delay="10 sec"/>',
    '  <onfailure action="restart" delay="30 sec"/>',
    '  <onfailure action="restart" delay="60 sec"/>',
    '  <resetfailure>1 hour</resetfailure>',
    `  <logpath>${esc(l.logDir)}</logpath>`,
    '  <logmode>rotate</logmode>',
    '</service>',
    '',
  ].join('\r\n');
}

/** The command lines an action runs, in order; `allowFail` ones may fail (stopping a stopped service). */
export function serviceCommands(action: ServiceAction, l: ServiceLayout): Array<{ argv: string[]; allowFail?: boolean }> {
  switch (action) {
    case 'install':
      return [{ argv: [l.wrapper, 'install'] }];
    case 'start':
      return [{ argv: [l.wrapper, 'start'] }];
    case 'stop':
      return [{ argv: [l.wrapper, 'stop'] }];
    case 'uninstall':
      return [{ argv: [l.wrapper, 'stop'], allowFail: true }, { argv: [l.wrapper, 'uninstall'] }];
  }
}

/** winsw.exe: an asset of the stand-alone executable, else from the node-windows package. */
async function winswExe(): Promise<Buffer> {
  const sea = (await import('node:sea').catch(() => null)) as { isSea(): boolean; getAsset(k: string): ArrayBuffer } | null;
  if (sea?.isSea()) return Buffer.from(sea.getAsset('winsw.exe'));
  const require = createRequire(import.meta.url);
  const { readFileSync } = await import('node:fs');
  try {
    return readFileSync(require.resolve('node-windows/bin/winsw/winsw.exe'));
  } catch {
    throw new Error('butler-sos service: winsw.exe not found; install the optional dependency node-windows (npm install node-windows)');
  }
}

/** Runs `butler-sos service ...`; returns the exit code. */
export async function runServiceCommand(argv: readonly string[], platform = process.platform): Promise<number> {
  const opts = parseServiceArgs(argv);
  if (platform !== 'win32') {
    process.stderr.write('butler-sos service: Windows only. On Linux use the systemd unit in deploy/systemd (docs/deployment.md).\n');
    return 2;
  }
  const mainScript = (await import('node:sea').catch(() => null))?.isSea() ? null : realpathSync(process.argv[1]);
  const layout = serviceLayout(opts, { execPath: process.execPath, mainScript, cwd: process.cwd() });
  if (opts.action === 'install') {
    mkdirSync(layout.logDir, { recursive: true });
    writeFileSync(layout.wrapper, await winswExe());
    writeFileSync(layout.xmlFile, winswXml(layout));
  }
  for (const { argv: cmd, allowFail } of serviceCommands(opts.action, layout)) {
    const res = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', windowsHide: true });
    if (res.status !== 0 && !allowFail) {
      process.stderr.write(`butler-sos service ${opts.action}: "${cmd.join(' ')}" failed (exit ${res.status ?? res.error?.message}); run it as Administrator.\n`);
      return 1;
    }
  }
  return 0;
}
