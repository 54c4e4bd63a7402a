// Typed errors of the grid runtime. Callers distinguish three families with `instanceof`:
// RemoteError (the peer's handler or mux server said no), DisconnectedError (the link went away),
// and local errors (deadline, cancellation, bad arguments, protocol violations we detected).

/** Base class of every error the grid runtime raises; `code` is stable for programs to switch on. */
export class GridError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * An error produced by the remote side: a handler's error text (ERR payload) or a muxConnectError
 * text such as Go's "Invalid Handler for type". `message` is the peer's text verbatim.
 */
export class RemoteError extends GridError {
  constructor(text: string) {
    super(text, "REMOTE");
  }
  /** The remote text, as Go's RemoteErr string. */
  get text(): string {
    return this.message;
  }
}

/**
 * The link to the peer was lost or the peer closed the mux (Go's ErrDisconnected, text
 * "remote disconnected"). Retry after `conn.waitForConnect()` if the operation is idempotent.
 */
export class DisconnectedError extends GridError {
  constructor(readonly detail?: string) {
    super("remote disconnected", "DISCONNECTED");
  }
}

/** The caller's deadline passed (Go's "context deadline exceeded"). */
export class DeadlineExceededError extends GridError {
  constructor() {
    super("context deadline exceeded", "DEADLINE");
  }
}

/** The caller aborted through its AbortSignal (Go's "context canceled"); `name` is "AbortError" like DOM aborts. */
export class CanceledError extends GridError {
  constructor(readonly reason?: unknown) {
    super("context canceled", "CANCELED");
    this.name = "AbortError";
  }
}

/** Handler id invalid for this profile, or a stream handler not registered locally (Go's ErrUnknownHandler). */
export class UnknownHandlerError extends GridError {
  constructor(detail: string) {
    super(`unknown mux handler: ${detail}`, "UNKNOWN_HANDLER");
  }
}

/** A handler is already registered under that id/subroute (Go's ErrHandlerAlreadyExists). */
export class HandlerExistsError extends GridError {
  constructor(detail: string) {
    super(`mux handler already exists: ${detail}`, "HANDLER_EXISTS");
  }
}

/** A stream message arrived out of sequence (Go's ErrIncorrectSequence). */
export class IncorrectSequenceError extends GridError {
  constructor() {
    super("out-of-sequence item received", "SEQUENCE");
  }
}

/** A payload larger than the configured `maxMessageBytes` was refused before sending. */
export class PayloadTooLargeError extends GridError {
  constructor(size: number, limit: number) {
    super(`payload of ${size} bytes exceeds maxMessageBytes ${limit}; split it or raise the limit on both peers`, "TOO_LARGE");
  }
}

/** The peer broke the protocol (bad frame, checksum mismatch, unexpected op); the link is dropped. */
export class ProtocolError extends GridError {
  constructor(message: string) {
    super(message, "PROTOCOL");
  }
}

/** The handshake was refused by the acceptor; `reason` is connectResp.RejectedReason. */
export class HandshakeRejectedError extends GridError {
  constructor(readonly reason: string) {
    super(`grid: connection refused by peer: ${reason}`, "REJECTED");
  }
}

/** Local misuse of a stream (send on a stream without input, send after closeSend, ...). */
export class StreamStateError extends GridError {
  constructor(message: string) {
    super(message, "STREAM_STATE");
  }
}

/** Turns whatever a handler threw into the text that travels in an ERR payload. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
