// A FIFO mutex that counts its waiters. Local-locker operations are synchronous, so on their
// own they never queue; the gate exists so the locker can be paused (a stalled server in tests)
// and so HEAD's overload rule ("refuse Lock/RLock when > N callers wait") has something to count.

/** FIFO async mutex exposing how many callers are waiting for it. */
export class SerialGate {
  private held = false;
  private readonly queue: Array<() => void> = [];

  /** Callers queued behind the current holder (not counting the holder). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Whether someone holds the gate right now. */
  get isHeld(): boolean {
    return this.held;
  }

  /** Resolves once the caller holds the gate; call the returned function exactly once to release. */
  acquire(): Promise<() => void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => this.queue.push(() => resolve(this.releaser())));
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      if (next) next();
      else this.held = false;
    };
  }
}
