import Type from 'typebox';
import { IGNORED } from './keywords.js';

// Butler SOS can receive Audit.qs events; this edition does not. An existing section is accepted whatever it
// holds, so v15 files load unchanged, and the loader warns that it is ignored.
export const AuditEventsSection = Type.Optional(
  Type.Unknown({ [IGNORED]: 'Audit.qs events are not supported by this edition; the section is ignored' }),
);
