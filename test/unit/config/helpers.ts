import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, repoRoot } from '../../support/paths.js';

/**
 * The Butler SOS v15 production template with every `<placeholder>` replaced by a plausible value. All of its
 * placeholders stand for text (hosts, paths, names, secrets); none is a number or boolean.
 */
export function filledTemplate(): string {
  const text = readFileSync(fixturePath('spec', 'butler-sos-production_template.yaml'), 'utf8');
  return text.replace(/<([^<>\n]+)>/g, (_whole, inner: string) => placeholderValue(inner));
}

function placeholderValue(inner: string): string {
  const what = inner.trim();
  if (/^path\//.test(what)) return `./config/certificate/${what.split('/').pop()}`;
  if (/password|passphrase/i.test(what)) return 'Secret123';
  if (/api key/i.test(what)) return 'NRII-0123456789';
  if (/account id/i.test(what)) return '1234567';
  if (/^username$/i.test(what)) return 'butler';
  if (/^server(\d)\.my\.domain$/.test(what)) return `sense${what.charAt(6)}.lab.local`;
  if (/^server(\d)$/.test(what)) return `sense${what.charAt(6)}`;
  if (/^description$/i.test(what)) return 'Qlik Sense node';
  if (/IP|FQDN|host|broker/i.test(what)) return '192.168.10.20';
  if (/^Unknown$/.test(what)) return 'Unknown'; // inside a comment of the template
  throw new Error(`filledTemplate: no value for placeholder <${what}>; extend placeholderValue`);
}

export const configFile = (name: string): string => join(repoRoot(), 'config', name);

/** A minimal valid file body under `Butler-SOS`, indented by four spaces, plus extra YAML lines. */
export function minimalYaml(extra = ''): string {
  return ['Butler-SOS:', '    logEvents:', '        udpServerConfig:', '            serverHost: 127.0.0.1', extra].join('\n');
}
