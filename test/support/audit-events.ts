// The simulator's Audit.qs envelopes and client, shared with the tests.
export * from '../../bench/sim/audit-events.js';
