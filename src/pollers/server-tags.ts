import type { PollerConfig } from './config.js';

// The start-up checks Butler SOS runs on the "static server tags" of health and session points
// (docs/pollers.md#server-tags; src/points/server-tags.ts builds the tags). InfluxDB 1.x
// rejects undeclared tags on schema measurements and Prometheus rejects invalid label names, so a bad tag is a
// configuration error at start-up, not a write error every poll.

const PROMETHEUS_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Every problem with the server tag configuration, each naming the key path; empty when all is well. */
export function serverTagProblems(config: Pick<PollerConfig, 'serversToMonitor'>): string[] {
  const problems: string[] = [];
  const declared = config.serversToMonitor.serverTagsDefinition ?? [];
  declared.forEach((name, i) => {
    if (!PROMETHEUS_LABEL.test(name)) {
      problems.push(
        `serversToMonitor.serverTagsDefinition[${i}]: "${name}" is not a valid Prometheus label name ` +
          '(letters, digits and _, not starting with a digit)',
      );
    }
  });
  const declaredSet = new Set(declared);
  config.serversToMonitor.servers.forEach((server, i) => {
    const where = `serversToMonitor.servers[${i}] (${server.serverName})`;
    const tags = server.serverTags ?? {};
    for (const key of Object.keys(tags)) {
      if (!declaredSet.has(key)) problems.push(`${where}.serverTags.${key}: tag is not declared in serversToMonitor.serverTagsDefinition`);
    }
    for (const name of declared) {
      const value = (tags as Record<string, unknown>)[name];
      if (value === undefined || value === null) problems.push(`${where}.serverTags.${name}: declared tag is missing or null`);
    }
  });
  return problems;
}

/** Throws one error listing every server-tag problem (Butler SOS exits at start-up on these). */
export function verifyServerTags(config: Pick<PollerConfig, 'serversToMonitor'>): void {
  const problems = serverTagProblems(config);
  if (problems.length > 0) throw new Error(`Invalid server tag configuration:\n  - ${problems.join('\n  - ')}`);
}
