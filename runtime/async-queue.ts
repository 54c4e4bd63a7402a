// A pull-based queue exposed as an AsyncIterable: the consumer side of stream inputs and outputs.
// Producers push synchronously (flow control is enforced by credits, not by this queue). It models
// Go's "buffer + 1-entry hand-off channel": `onCredit` fires when an item moves into the hand-off
// slot (the moment Go returns a credit), i.e. one item ahead of the consumer.

/** Single-consumer async queue with clean end, failure, and a credit hook per item entering the slot. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private head = 0;
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: Error) => void } | null = null;
  private ended = false;
  private error: Error | null = null;

  private slotFilled = false;

  constructor(private readonly onCredit?: () => void) {}

  /** Items beyond the hand-off slot, i.e. what counts against the receiver's buffer capacity. */
  get buffered(): number {
    return this.size - (this.slotFilled ? 1 : 0);
  }

  /** Items waiting for the consumer. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Whether end() or fail() was called. */
  get finished(): boolean {
    return this.ended || this.error !== null;
  }

  /** Adds an item (ignored after end/fail). */
  push(v: T): void {
    if (this.finished) return;
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      this.onCredit?.();
      w.resolve({ value: v, done: false });
      return;
    }
    this.items.push(v);
    if (!this.slotFilled) {
      this.slotFilled = true;
      this.onCredit?.();
    }
  }

  /** Clean end after the queued items. */
  end(): void {
    if (this.finished) return;
    this.ended = true;
    if (this.size === 0 && this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve({ value: undefined, done: true });
    }
  }

  /** Ends with an error; `dropQueued` discards items not yet taken (local failures). */
  fail(err: Error, dropQueued: boolean): void {
    if (this.finished) return;
    this.error = err;
    if (dropQueued) {
      this.items = [];
      this.head = 0;
      this.slotFilled = false;
    }
    if (this.size === 0 && this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(err);
    }
  }

  /** Next item, or done, or the failure. */
  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const v = this.items[this.head]!;
      this.items[this.head++] = undefined as T;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      this.slotFilled = false;
      if (this.size > 0 && !this.finishedBeforeCredit()) {
        this.slotFilled = true;
        this.onCredit?.();
      }
      return Promise.resolve({ value: v, done: false });
    }
    if (this.error) return Promise.reject(this.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    if (this.waiter) return Promise.reject(new Error("grid: AsyncQueue supports a single consumer"));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** After the producer finished (remote EOF/ERR) credits are pointless: the peer's mux is gone. */
  private finishedBeforeCredit(): boolean {
    return this.finished;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next(), return: async () => ({ value: undefined, done: true }) };
  }
}
