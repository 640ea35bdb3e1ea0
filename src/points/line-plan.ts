import { escapeTagPart } from './line-protocol.js';
import type { Tag } from './point.js';

// Pieces shared by the direct line writers of the per-event measurements (src/points/log-event-line.ts,
// src/points/user-event-line.ts): members planned once per configuration and version, with their keys already
// escaped, rendered per event by string concatenation in the order the client library of the version writes
// them (src/points/tags.ts orderMembers). Each writer is held to the bytes of `encodeLine` of its `Point`
// builder by a unit test.

/** A tag in the plan: from the event (`value`, '' = not written) or static (`fixed`, already escaped). */
export interface TagPlan<E> {
  readonly name: string;
  readonly key: string;
  readonly value?: (e: E) => string;
  readonly fixed?: string;
}

/** A planned tag with its constant text joined once: `,key=` before an event's value, or all of a static tag. */
export interface ReadyTagPlan<E> extends TagPlan<E> {
  readonly text: string;
}

/**
 * The plan with its constant text joined: per event a tag then costs one concatenation instead of four (fewer
 * string pieces to allocate and to walk when the line is flattened into the batch body).
 */
export function readyTag<E>(plan: TagPlan<E>): ReadyTagPlan<E> {
  return { ...plan, text: plan.value === undefined ? ',' + plan.key + '=' + plan.fixed : ',' + plan.key + '=' };
}

export const byName = <T extends { readonly name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Static tags as plans; a tag the encoder would leave out (empty name or value) is not planned. */
export function staticPlans<E>(tags: readonly Tag[]): TagPlan<E>[] {
  const out: TagPlan<E>[] = [];
  for (const [name, value] of tags) {
    const key = escapeTagPart(name);
    const fixed = escapeTagPart(value);
    if (name !== '' && value !== '' && key !== '' && fixed !== '') out.push({ name, key, fixed });
  }
  return out;
}

/**
 * Whether static tags can be planned apart from the event's tags: a static tag whose name repeats or is also a
 * member's replaces that tag in place (v1 order), which only the `Point` builder reproduces.
 */
export function staticsStandApart(tags: readonly Tag[], memberTagNames: ReadonlySet<string>): boolean {
  const names = tags.map(([name]) => name);
  return new Set(names).size === names.length && !names.some((n) => memberTagNames.has(n));
}

/** `,key=value` of a planned tag for this event, or '' when it writes nothing. */
export function tagPart<E>(plan: ReadyTagPlan<E>, e: E): string {
  if (plan.value === undefined) return plan.text;
  const raw = plan.value(e);
  if (raw === '') return '';
  const value = escapeTagPart(raw);
  return value === '' ? '' : plan.text + value;
}
