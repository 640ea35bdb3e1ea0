// `systemInfo.enable`: the host details Butler SOS logs at start (version, instance id, OS, CPU, memory,
// Docker, certificate paths), gathered with Node's own APIs only. Butler SOS used the systeminformation
// package, which runs OS commands (wmic, powershell, lsb_release, …); enterprise SOCs flagged those child
// processes, so nothing here starts one. With the switch off nothing is gathered at all.
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, hostname, networkInterfaces, platform, release, totalmem, version } from 'node:os';
import { resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { Config } from '../config/schema/index.js';
import type { AppLogger } from '../log/logger.js';

/** Where the details come from; tests pass their own to see what is (not) asked. */
export interface SystemProbe {
  networkInterfaces: typeof networkInterfaces;
  hostname: () => string;
  fileExists: (path: string) => boolean;
  readText: (path: string) => string | null;
  cpus: typeof cpus;
  cores: () => number;
  totalMemory: () => number;
  heapLimit: () => number;
  os: () => { arch: string; platform: string; release: string; version: string };
}

export const nodeProbe: SystemProbe = {
  networkInterfaces,
  hostname,
  fileExists: existsSync,
  readText: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  cpus,
  cores: availableParallelism,
  totalMemory: totalmem,
  heapLimit: () => getHeapStatistics().heap_size_limit,
  os: () => ({ arch: arch(), platform: platform(), release: release(), version: version() }),
};

/**
 * A stable id of this host without OS commands: HMAC-SHA256 keyed with the MAC of the first external IPv4
 * interface over MAC + IPv4 + host name (Butler SOS used the system UUID, which needs OS commands).
 */
function instanceId(probe: SystemProbe): string {
  const nic = Object.values(probe.networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal);
  const mac = nic?.mac ?? '00:00:00:00:00:00';
  return createHmac('sha256', mac).update(`${mac}${nic?.address ?? ''}${probe.hostname()}`).digest('hex');
}

/** Linux distribution name and code name from /etc/os-release (a file read, not a command). */
function distro(probe: SystemProbe, osVersion: string): { name: string; codename: string } {
  const text = probe.readText('/etc/os-release');
  if (text === null) return { name: osVersion, codename: '' };
  const field = (key: string): string => text.match(new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm'))?.[1] ?? '';
  return { name: field('PRETTY_NAME') || osVersion, codename: field('VERSION_CODENAME') };
}

const certPath = (path: string, cwd: string): string => (path.trim() === '' ? '(not set)' : resolve(cwd, path));

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

/** The lines Butler SOS logs between its two separator lines, in its layout. */
export function systemInfoLines(config: Pick<Config, 'logLevel' | 'cert'>, appVersion: string, probe: SystemProbe = nodeProbe, cwd = process.cwd()): string[] {
  const os = probe.os();
  const d = distro(probe, os.version);
  const cpuList = probe.cpus();
  const row = (label: string, value: string | number | boolean): string => `${label.padEnd(18)}: ${value}`;
  return [
    '--------------------------------------',
    row('Log level', config.logLevel),
    row('App version', appVersion),
    row('Instance ID', instanceId(probe)),
    row('Running in Docker', probe.fileExists('/.dockerenv')),
    row('Node version', process.version),
    row('Architecture', os.arch),
    row('Platform', os.platform),
    row('Release', os.release),
    row('Distro', d.name),
    row('Codename', d.codename || 'n/a'),
    row('CPU model', cpuList[0]?.model.trim() ?? 'unknown'),
    row('Logical CPUs', cpuList.length),
    row('Usable cores', probe.cores()),
    row('Total memory', `${probe.totalMemory()} bytes (${gib(probe.totalMemory())})`),
    row('JS heap limit', `${probe.heapLimit()} bytes (${gib(probe.heapLimit())})`),
    row('Standalone app', false),
    row('Client cert', certPath(config.cert.clientCert, cwd)),
    row('Client cert key', certPath(config.cert.clientCertKey, cwd)),
    row('CA cert', certPath(config.cert.clientCertCA, cwd)),
    '--------------------------------------',
  ];
}

/** At start: the host details at info when systemInfo.enable is true; otherwise one line and nothing gathered. */
export function logSystemInfo(logger: AppLogger, config: Pick<Config, 'systemInfo' | 'logLevel' | 'cert'>, appVersion: string, probe: SystemProbe = nodeProbe): void {
  if (config.systemInfo.enable !== true) {
    logger.info('System info: systemInfo.enable is false, so no host details are gathered.');
    return;
  }
  for (const line of systemInfoLines(config, appVersion, probe)) logger.info(line);
}
