import Type from 'typebox';
import { Flag, NameValue, NameValueList, Words } from './common.js';

// `logEvents.categorise` (docs/inputs.md#categorisation-logeventscategorise). Deliberate fixes of Butler SOS
// (docs/compatibility.md): rule levels include FATAL (S11); levels, `action` and filter `type` are accepted in any case
// and stored lowercase (S12).

export const RULE_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'verbose', 'debug', 'silly'] as const;

const RuleFilter = Type.Object({
  type: Words(['sw', 'ew', 'so']),
  value: Type.String(),
});

const CategoriseRule = Type.Object({
  description: Type.String({ default: '' }),
  logLevel: Type.Array(Words(RULE_LOG_LEVELS), { minItems: 1 }),
  action: Words(['categorise', 'drop'], 'categorise'),
  category: Type.Array(NameValue, { default: [] }),
  filter: Type.Array(RuleFilter, { minItems: 1 }),
});

export const CategoriseSection = Type.Object({
  enable: Flag(false),
  rules: Type.Array(CategoriseRule, { default: [] }),
  ruleDefault: Type.Object({
    enable: Flag(true),
    category: NameValueList([{ name: 'qs_log_category', value: 'unknown' }]),
  }),
});
