// Small readers for API bodies: each records a problem with its JSON path instead of throwing at the first one,
// so one error message lists everything that is wrong with a response.

export class BodyReader {
  readonly problems: string[] = [];

  constructor(private readonly what: string) {}

  private note(path: string, expected: string, value: unknown): void {
    const got = value === undefined ? 'missing' : value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    this.problems.push(`${path}: expected ${expected}, got ${got}`);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.note(path, 'an object', value);
    return {};
  }

  number(value: unknown, path: string): number {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    this.note(path, 'a number', value);
    return 0;
  }

  string(value: unknown, path: string): string {
    if (typeof value === 'string') return value;
    this.note(path, 'a string', value);
    return '';
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value === 'boolean') return value;
    this.note(path, 'true or false', value);
    return false;
  }

  stringArray(value: unknown, path: string): string[] {
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    this.note(path, 'an array of strings', value);
    return [];
  }

  /** Absent (undefined) is allowed and reads as `[]`: older engines leave lists out. */
  optionalStringArray(value: unknown, path: string): string[] {
    return value === undefined ? [] : this.stringArray(value, path);
  }

  /** Absent is allowed and reads as undefined. */
  optionalBoolean(value: unknown, path: string): boolean | undefined {
    return value === undefined ? undefined : this.boolean(value, path);
  }

  /** Throws a BodyError listing every problem, if any. */
  done(): void {
    if (this.problems.length > 0) throw new BodyError(`${this.what}: ${this.problems.slice(0, 20).join('; ')}`);
  }
}

/** A response that parsed as JSON but does not have the shape the API documents. */
export class BodyError extends Error {
  override name = 'BodyError';
}
