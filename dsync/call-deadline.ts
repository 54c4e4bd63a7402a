// dsync never trusts a locker to honour its deadline: every call is raced against its own
// timer, so a stalled or misbehaving locker cannot park an unlock or refresh round forever.
import { LockCanceledError, LockDeadlineError } from "./errors.js";
import type { LockCallOptions } from "./net-locker.js";

/** Runs `call` with `opts`, rejecting at `opts.deadline` or when `opts.signal` aborts. */
export function callWithin(call: (opts: LockCallOptions) => Promise<boolean>, opts: LockCallOptions): Promise<boolean> {
  const { signal, deadline } = opts;
  if (signal?.aborted) return Promise.reject(new LockCanceledError(signal.reason));
  if (deadline !== undefined && Date.now() >= deadline) return Promise.reject(new LockDeadlineError());
  return new Promise<boolean>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = (): void => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = (): void => {
      cleanup();
      reject(new LockCanceledError(signal?.reason));
    };
    if (deadline !== undefined && Number.isFinite(deadline)) {
      timer = setTimeout(
        () => {
          cleanup();
          reject(new LockDeadlineError());
        },
        Math.min(Math.max(0, deadline - Date.now()), 2 ** 31 - 1),
      );
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    let p: Promise<boolean>;
    try {
      p = call(opts);
    } catch (e) {
      cleanup();
      reject(e);
      return;
    }
    p.then(
      (ok) => {
        cleanup();
        resolve(ok);
      },
      (e: unknown) => {
        cleanup();
        reject(e);
      },
    );
  });
}
