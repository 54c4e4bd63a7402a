// Typed errors of the msgp codec core.

/**
 * Raised for every malformed, truncated or mistyped input. Generated decoders
 * add the field path as the error travels up (`withField`), so the message
 * names what failed: `decode LockArgs.Quorum at offset 12: expected int, got str`.
 */
export class MsgpDecodeError extends Error {
  override readonly name = "MsgpDecodeError";
  /** Path from the outermost value to the failing one, e.g. ["LockArgs", "Resources", "[2]"]. */
  readonly path: string[];

  constructor(
    /** Byte offset in the input where the failing object starts. */
    readonly offset: number,
    /** What the decoder needed ("int", "str", "array of 7", ...). */
    readonly expected: string,
    /** What it found ("str", "end of input", "c1 (never used)", ...). */
    readonly got: string,
    path: string[] = [],
    /** Extra advice for the reader of the message. */
    readonly detail?: string,
  ) {
    super("");
    this.path = path;
    this.message = this.render();
  }

  /** Prepends a struct field (or type) name to the path; returns this for rethrowing. */
  withField(name: string): this {
    this.path.unshift(name);
    this.message = this.render();
    return this;
  }

  /** Prepends a list index to the path. */
  withIndex(i: number): this {
    this.path.unshift(`[${i}]`);
    this.message = this.render();
    return this;
  }

  private render(): string {
    const where = this.path.length > 0 ? ` ${this.path.join(".").replace(/\.\[/g, "[")}` : "";
    const tail = this.detail !== undefined ? ` (${this.detail})` : "";
    return `decode${where} at offset ${this.offset}: expected ${this.expected}, got ${this.got}${tail}`;
  }
}

/** Raised when a value cannot be written as its declared Go type (out of range, wrong length). */
export class MsgpEncodeError extends Error {
  override readonly name = "MsgpEncodeError";
  constructor(message: string) {
    super(message);
  }
}
