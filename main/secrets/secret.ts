// A value that must never reach logs, JSON, events or error messages by accident: every way of printing it says [secret].
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const MASK = '[secret]';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    if (typeof value !== 'string') throw new TypeError('a secret value must be a string');
    this.#value = value;
  }

  /** The only way to read the value; grep for reveal() to audit where secrets go. */
  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  toString(): string {
    return MASK;
  }
  toJSON(): string {
    return MASK;
  }
  valueOf(): string {
    return MASK;
  }
  [Symbol.toPrimitive](): string {
    return MASK;
  }
  [INSPECT](): string {
    return MASK;
  }
  get [Symbol.toStringTag](): string {
    return 'Secret';
  }
}

export const isSecret = (v: unknown): v is Secret => v instanceof Secret;
export const toSecret = (v: Secret | string): Secret => (v instanceof Secret ? v : new Secret(v));
