// Message-counted flow-control credits (spec 6.2): a sender takes one credit per item and waits when
// none is left; the receiver hands credits back one at a time. Bounded by `max`, like Go's channel
// capacity, so a duplicate credit from a confused peer cannot inflate the window.

/** A counting semaphore with an upper bound and failure propagation to waiters. */
export class CreditWindow {
  private credits: number;
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private failed: Error | null = null;

  constructor(
    initial: number,
    private max: number,
  ) {
    this.credits = initial;
  }

  /** Credits currently available. */
  get available(): number {
    return this.credits;
  }

  /** Raises the cap (the first ack of a two-way stream grants the input window). */
  setMax(max: number): void {
    this.max = max;
  }

  /** Returns `n` credits; wakes waiters. Credits beyond `max` are dropped (Go logs them). Returns false if any were dropped. */
  add(n = 1): boolean {
    let ok = true;
    for (let i = 0; i < n; i++) {
      const w = this.waiters.shift();
      if (w) {
        w.resolve();
        continue;
      }
      if (this.credits >= this.max) ok = false;
      else this.credits++;
    }
    return ok;
  }

  /** Takes one credit, waiting if needed; rejects when the window fails or `signal` aborts. */
  take(signal?: AbortSignal): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.credits > 0) {
      this.credits--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const w = {
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        reject: (e: Error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(e);
        },
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason)));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(w);
    });
  }

  /** Fails all current and future takers with `err`. */
  fail(err: Error): void {
    if (this.failed) return;
    this.failed = err;
    const w = this.waiters;
    this.waiters = [];
    for (const x of w) x.reject(err);
  }
}
