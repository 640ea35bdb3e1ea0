import type { FieldDef, TagDef } from './point.js';
import { ALL_SCHEMAS } from './schema/all.js';
import type { MeasurementSchema, MemberSpec } from './schema/define.js';

// docs/data-model.md is rendered from the schema declarations the builders use, so the documented names and
// types cannot drift from what is written. `npm run build && node dist/src/points/write-data-model.js`
// regenerates it; a unit test fails when the file is stale.

const TYPE_LABEL: Record<FieldDef['type'], string> = {
  integer: 'integer',
  uinteger: 'uinteger',
  float: 'float',
  string: 'string',
  boolean: 'boolean',
};

function cell(def: TagDef | FieldDef | undefined): string {
  if (def === undefined) return '—';
  return def.kind === 'tag' ? `\`${def.name}\`` : `\`${def.name}\` ${TYPE_LABEL[def.type]}`;
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function memberRow(spec: MemberSpec): string {
  const [v1, v2, v3] = spec.defs;
  return `| ${spec.kind} | ${cell(v1)} | ${cell(v2)} | ${cell(v3)} | ${escapeCell(spec.when)} | ${escapeCell(spec.description)} |`;
}

function renderMeasurement(schema: MeasurementSchema): string {
  const names = [schema.measurement, ...schema.aliases].map((n) => `\`${n}\``).join(', ');
  const lines = [`## ${names}`, '', schema.description + '.', ''];
  if (schema.nameConfigKey) lines.push(`Measurement name configurable: \`${schema.nameConfigKey}\`.`, '');
  lines.push('| kind | v1 | v2 | v3 | when | meaning |', '|---|---|---|---|---|---|');
  const specs = Object.values(schema.members);
  for (const spec of specs) if (spec.kind === 'tag') lines.push(memberRow(spec));
  for (const spec of specs) if (spec.kind === 'field') lines.push(memberRow(spec));
  for (const group of schema.dynamicTags) lines.push(`| tags | ${group.label} | | | | ${escapeCell(group.description)} |`);
  lines.push('');
  return lines.join('\n');
}

export function renderDataModel(): string {
  const head = [
    '# Data model: InfluxDB measurements per version',
    '',
    '<!-- Generated from src/points/schema/*.ts by src/points/write-data-model.ts. Do not edit by hand. -->',
    '',
    'Names and line-protocol types of every tag and field, per InfluxDB version, as Butler SOS v15 writes them',
    '(the data contract of existing dashboards), with the bugs we fix noted in the meaning column. `—` = not written in that version.',
    'Types: `integer` = `12i`, `uinteger` = `12u`, `float` = `12` / `1.5`, `string` = `"x"`, `boolean` = v1',
    '`true`/`false`, v2/v3 `T`/`F`. Tags with empty values are never written. Points carry the time the data was',
    'received or polled (nanoseconds). v1 keeps tag order and sorts fields; v2/v3 sort both, as the client libraries do.',
    'Tag values are written with `,` `=` and space escaped and backslashes as they are (InfluxDB does not unescape',
    '`\\\\` in tags), so `LAB\\joe` is stored as `LAB\\joe`. `butler_sos_errors` is documented with the error tracker.',
    '',
  ];
  return head.join('\n') + '\n' + ALL_SCHEMAS.map(renderMeasurement).join('\n');
}
