// The raw `ws` baseline's client: one binary frame per request on one connection, replies matched
// by a 4-byte id at the front of the payload. Shared by run.ts and profile.ts so both measure the
// same ceiling for unmerged messaging.
import WebSocket from "ws";

/** A connected echo client: `echo(payload)` resolves when that frame comes back. */
export interface WsEchoClient {
  echo(payload: Uint8Array): Promise<void>;
  close(): void;
}

/** Connects to the bench server's ws echo port. */
export async function connectWsEcho(port: number): Promise<WsEchoClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  await new Promise((r) => ws.once("open", r));
  const waiting = new Map<number, () => void>();
  let seq = 0;
  ws.on("message", (d: Buffer) => {
    const id = d.readUInt32LE(0);
    waiting.get(id)?.();
    waiting.delete(id);
  });
  return {
    echo(payload) {
      const id = seq++ >>> 0;
      const b = Buffer.from(payload);
      b.writeUInt32LE(id, 0);
      return new Promise<void>((r) => {
        waiting.set(id, r);
        ws.send(b, { binary: true });
      });
    },
    close: () => ws.close(),
  };
}
