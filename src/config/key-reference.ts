// Every key of the schema with what it accepts and its default, for docs/configuration.md (a unit test checks
// that the document lists every key, so the reference cannot silently fall behind the schema).

import { ButlerSosSchema } from './schema/index.js';
import { GATE, IGNORED, type Gate } from './schema/keywords.js';
import { describeExpected, node, type SchemaNode } from './schema-node.js';

export interface KeyRow {
  /** Dotted path under `Butler-SOS`; list items are written `list[]`. */
  path: string;
  accepts: string;
  /** The default as JSON, or how the key is required. */
  default: string;
}

function gateWords(gate: Gate, path: string): string {
  if (gate.scope === 'parent') return `${path.split('.').slice(0, -1).join('.')}.${gate.flags[0]} = ${String(gate.equals)}`;
  if (gate.flags.length > 1) return `any ${path}.source.*.enable`;
  return `${path}.${gate.flags[0]}`;
}

function collect(schema: SchemaNode, path: string, gatedBy: string, required: boolean, rows: KeyRow[]): void {
  const gate = schema[GATE];
  const inner = gate === undefined ? gatedBy : gateWords(gate, path);
  if (schema[IGNORED] !== undefined) {
    rows.push({ path, accepts: 'anything', default: 'ignored, with a warning' });
    return;
  }
  const isSection = schema.type === 'object' && schema.properties !== undefined;
  if (!isSection) {
    const dflt = Object.prototype.hasOwnProperty.call(schema, 'default')
      ? JSON.stringify(schema.default)
      : !required
        ? 'optional'
        : gatedBy === ''
          ? 'required'
          : `required while ${gatedBy}`;
    rows.push({ path, accepts: describeExpected(schema), default: dflt });
  }
  const requiredKeys = new Set(schema.required ?? []);
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    collect(sub, path === '' ? key : `${path}.${key}`, inner, requiredKeys.has(key), rows);
  }
  const item = schema.type === 'array' ? schema.items : undefined;
  if (item?.type === 'object' && item.properties !== undefined) collect(item, `${path}[]`, inner, true, rows);
}

export function configKeyReference(): KeyRow[] {
  const rows: KeyRow[] = [];
  collect(node(ButlerSosSchema), '', '', true, rows);
  return rows;
}

/** The rows as a Markdown table. */
export function keyReferenceMarkdown(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| Key (under `Butler-SOS`) | Accepts | Default |', '|---|---|---|'];
  for (const row of configKeyReference()) {
    const dflt = row.default.startsWith('required') || row.default === 'optional' || row.default.startsWith('ignored') ? row.default : `\`${row.default}\``;
    lines.push(`| \`${row.path}\` | ${esc(row.accepts)} | ${esc(dflt)} |`);
  }
  return lines.join('\n');
}
