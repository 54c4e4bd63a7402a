// MinIO stores, with every lock entry, where in the code the lock was taken (LockArgs.Source,
// "[file.go:LINE:Function()]", spec 2.3). Operators read it in the admin "top locks" view to find
// who holds a lock, so we fill it the same way from the JS stack when the caller gives none.

/** What callerSource returns when the stack cannot be read (MinIO's form when runtime.Caller fails). */
export const UNKNOWN_SOURCE = "[<unknown>:0:()]";

// One V8 frame: "at fn (loc)" or "at loc", loc = path:line:col (path may be a file:// URL).
const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/;

/**
 * The location of a caller as `[file.ts:LINE:function()]`. Depth 0 is the function that calls
 * callerSource, 1 its caller, and so on. Anonymous functions are named `<anonymous>`; if the
 * stack has no such frame or it cannot be parsed, UNKNOWN_SOURCE is returned (never throws).
 */
export function callerSource(depth = 0): string {
  if (!Number.isInteger(depth) || depth < 0) return UNKNOWN_SOURCE;
  const limit = Error.stackTraceLimit;
  let stack: string | undefined;
  try {
    Error.stackTraceLimit = depth + 3;
    stack = new Error().stack;
  } catch {
    return UNKNOWN_SOURCE;
  } finally {
    Error.stackTraceLimit = limit;
  }
  if (typeof stack !== "string") return UNKNOWN_SOURCE;
  // Line 0 is "Error", line 1 is callerSource itself.
  const frame = stack.split("\n")[depth + 2];
  return frame === undefined ? UNKNOWN_SOURCE : formatFrame(frame);
}

/** Formats one V8 stack line as MinIO's source string; exported so the parser can be tested on fixed input. */
export function formatFrame(frame: string): string {
  const m = FRAME.exec(frame);
  if (!m) return UNKNOWN_SOURCE;
  const rawName = m[1];
  const location = m[2] as string;
  const line = m[3] as string;
  if (location.startsWith("node:") || location === "native") return UNKNOWN_SOURCE;
  const path = location.replace(/^file:\/\//, "").replace(/[?#].*$/, "");
  const file = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  if (file === "") return UNKNOWN_SOURCE;
  const name = (rawName ?? "<anonymous>")
    .replace(/^(?:async |new )+/, "")
    .replace(/ \[as [^\]]*\]$/, "");
  return `[${file}:${line}:${name}()]`;
}
