// The virtual Qlik Sense cluster: nodes, apps, users, tasks, proxy sessions and browsers. Both the UDP event
// generators and the HTTPS APIs draw from the same cluster, so app ids in log events, health checks, session
// lists and the QRS app list agree with each other (app-name lookups in the collector hit).

import { Prng, type Seed } from './prng.js';
import { USER_AGENTS, USER_AGENT_WEIGHTS } from './user-agents.js';
import {
  APP_DESCRIPTIONS, APP_NAMES, APP_SUFFIXES, FIRST_NAMES, GROUPS, LAST_NAMES, STREAM_NAMES, USER_DIRECTORIES,
} from './vocabulary.js';

export interface SimNode {
  /** 1-based. */
  index: number;
  /** Windows host name as `%hostname` renders it, e.g. `sense1`. */
  name: string;
  /** Fully qualified host name, e.g. `sense1.lab.local`. */
  hostName: string;
  isCentral: boolean;
  /** Engine process id (a GUID in Qlik's engine log properties). */
  engineProcessId: string;
  /** When the node's services started (ms since epoch). */
  startedAtMs: number;
}

export interface SimApp {
  id: string;
  name: string;
  description: string;
  stream: { id: string; name: string } | null;
  owner: SimUser;
  createdAtMs: number;
  fileSize: number;
}

export interface SimUser {
  directory: string;
  userId: string;
  displayName: string;
  email: string;
  groups: string[];
  /** Database id of the user entity in the repository. */
  entityId: string;
}

export interface SimTask {
  id: string;
  name: string;
  app: SimApp;
}

/** A browser session through the proxy, bound to one node and (usually) one app. */
export interface SimSession {
  proxySessionId: string;
  engineSessionId: string;
  user: SimUser;
  node: SimNode;
  app: SimApp;
  virtualProxy: string;
  userAgent: string;
}

export interface Cluster {
  seed: Seed;
  domain: string;
  nodes: SimNode[];
  central: SimNode;
  apps: SimApp[];
  users: SimUser[];
  tasks: SimTask[];
  sessions: SimSession[];
  /** Windows account the Qlik services run as (`%user`). */
  serviceAccount: string;
  engineVersion: string;
  /** Offset of the cluster's local time from UTC, in minutes (Qlik timestamps carry it). */
  utcOffsetMinutes: number;
  /** Virtual proxy prefixes, `/` first. */
  virtualProxies: string[];
}

export interface ClusterOptions {
  nodes?: number;
  seed?: Seed;
  apps?: number;
  users?: number;
  sessions?: number;
  domain?: string;
  utcOffsetMinutes?: number;
  /** Extra virtual proxies besides `/`, e.g. `['/hdr', '/sales']`. */
  virtualProxies?: string[];
  /** Reference time for node start times (ms since epoch); defaults to now. */
  nowMs?: number;
}

export const DEFAULT_CLUSTER = {
  nodes: 4,
  seed: 1,
  apps: 40,
  users: 120,
  sessions: 60,
  domain: 'lab.local',
  utcOffsetMinutes: 120,
  virtualProxies: ['/hdr'],
} as const;

function makeNodes(count: number, domain: string, prng: Prng, nowMs: number): SimNode[] {
  const nodes: SimNode[] = [];
  for (let i = 1; i <= count; i++) {
    nodes.push({
      index: i,
      name: `sense${i}`,
      hostName: `sense${i}.${domain}`,
      isCentral: i === 1,
      engineProcessId: prng.guid(),
      // Services started between 1 and 20 days ago, on a whole second like Qlik's `started`.
      startedAtMs: Math.floor((nowMs - prng.range(1, 20) * 86_400_000 - prng.int(86_400_000)) / 1000) * 1000,
    });
  }
  return nodes;
}

function makeUsers(count: number, domain: string, prng: Prng): SimUser[] {
  const users: SimUser[] = [];
  const taken = new Set<string>();
  for (let i = 0; users.length < count; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length];
    const round = Math.floor(i / FIRST_NAMES.length);
    const userId = round === 0 ? first : `${first}${round + 1}`;
    const directory = prng.pick(USER_DIRECTORIES);
    const key = `${directory}\\${userId}`;
    if (taken.has(key)) continue;
    taken.add(key);
    const last = prng.pick(LAST_NAMES);
    users.push({
      directory,
      userId,
      displayName: `${first[0].toUpperCase()}${first.slice(1)} ${last}`,
      email: `${userId}@${domain}`,
      groups: [prng.pick(GROUPS)],
      entityId: prng.guid(),
    });
  }
  return users;
}

function makeApps(count: number, users: SimUser[], prng: Prng, nowMs: number): SimApp[] {
  const streams = STREAM_NAMES.map((name) => ({ id: prng.guid(), name }));
  const apps: SimApp[] = [];
  for (let i = 0; i < count; i++) {
    const base = APP_NAMES[i % APP_NAMES.length];
    const round = Math.floor(i / APP_NAMES.length);
    const name = round === 0 ? base : `${base}${APP_SUFFIXES[(round - 1) % APP_SUFFIXES.length]}${round > APP_SUFFIXES.length ? ` ${round}` : ''}`;
    apps.push({
      id: prng.guid(),
      name,
      description: prng.pick(APP_DESCRIPTIONS),
      stream: prng.chance(0.75) ? prng.pick(streams) : null,
      owner: prng.pick(users),
      createdAtMs: nowMs - prng.range(30, 900) * 86_400_000,
      fileSize: Math.round(prng.logNormal(30_000_000, 1.2)),
    });
  }
  return apps;
}

function makeSessions(count: number, c: Omit<Cluster, 'sessions'>, prng: Prng): SimSession[] {
  const sessions: SimSession[] = [];
  for (let i = 0; i < count; i++) {
    sessions.push({
      proxySessionId: prng.guid(),
      engineSessionId: prng.guid(),
      user: prng.pick(c.users),
      node: prng.pick(c.nodes),
      app: prng.pick(c.apps),
      virtualProxy: prng.chance(0.7) ? '/' : prng.pick(c.virtualProxies),
      userAgent: prng.weighted(USER_AGENTS, USER_AGENT_WEIGHTS),
    });
  }
  return sessions;
}

export function createCluster(options: ClusterOptions = {}): Cluster {
  const seed = options.seed ?? DEFAULT_CLUSTER.seed;
  const nodeCount = Math.max(1, Math.floor(options.nodes ?? DEFAULT_CLUSTER.nodes));
  const domain = options.domain ?? DEFAULT_CLUSTER.domain;
  // Node start times are relative to a day boundary so that the same seed gives the same cluster all day long.
  const nowMs = options.nowMs ?? Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const root = new Prng(seed);
  const nodes = makeNodes(nodeCount, domain, root.fork('nodes'), nowMs);
  const users = makeUsers(Math.max(1, options.users ?? DEFAULT_CLUSTER.users), domain, root.fork('users'));
  const apps = makeApps(Math.max(1, options.apps ?? DEFAULT_CLUSTER.apps), users, root.fork('apps'), nowMs);
  const taskPrng = root.fork('tasks');
  const tasks = apps.map((app) => ({
    id: taskPrng.guid(),
    name: taskPrng.chance(0.8) ? `Reload of ${app.name}` : `Manually triggered reload of ${app.name}`,
    app,
  }));
  const virtualProxies = ['/', ...(options.virtualProxies ?? DEFAULT_CLUSTER.virtualProxies).filter((vp) => vp !== '/')];
  const base = {
    seed, domain, nodes, central: nodes[0], apps, users, tasks, virtualProxies,
    serviceAccount: 'LAB\\qlikservice',
    engineVersion: '14.187.4',
    utcOffsetMinutes: options.utcOffsetMinutes ?? DEFAULT_CLUSTER.utcOffsetMinutes,
  };
  const sessions = makeSessions(Math.max(1, options.sessions ?? DEFAULT_CLUSTER.sessions), base, root.fork('sessions'));
  return { ...base, sessions };
}

/**
 * The part of a cluster whose appenders point at one collector (docs/scaling.md): only nodes `from`..`to`
 * (1-based, inclusive) send. Apps, users and tasks stay those of the whole cluster. Sessions on other nodes
 * move onto the range's nodes; work the central node does (QMC, master scheduler) stays on it when it is in
 * the range and otherwise falls to the range's first node, so every range sends the same mix.
 */
export function restrictNodes(cluster: Cluster, from: number, to: number): Cluster {
  const nodes = cluster.nodes.filter((n) => n.index >= from && n.index <= to);
  if (nodes.length === 0) throw new RangeError(`node range ${from}-${to} holds none of the cluster's ${cluster.nodes.length} nodes`);
  const inRange = new Set(nodes);
  const sessions = cluster.sessions.map((s, i) => (inRange.has(s.node) ? s : { ...s, node: nodes[i % nodes.length] }));
  return { ...cluster, nodes, central: inRange.has(cluster.central) ? cluster.central : nodes[0], sessions };
}
