// A loopback TCP proxy that can kill, stall, corrupt or inject bytes: the fault injector for link tests.
import { createServer, connect, type Server, type Socket } from "node:net";

/** Fault-injecting proxy in front of one listener. */
export class FaultProxy {
  mode: "pass" | "silent" = "pass";
  private pairs: Array<{ down: Socket; up: Socket }> = [];
  private onNextUp: ((c: Buffer, up: Socket, down: Socket) => boolean) | null = null;
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<FaultProxy> {
    let self!: FaultProxy;
    const server = createServer((down) => {
      const up = connect(targetPort, "127.0.0.1");
      const pair = { down, up };
      self.pairs.push(pair);
      const drop = (): void => {
        down.destroy();
        up.destroy();
        self.pairs = self.pairs.filter((p) => p !== pair);
      };
      down.on("error", drop).on("close", drop);
      up.on("error", drop).on("close", drop);
      down.on("data", (c: Buffer) => {
        if (self.mode === "silent") return;
        if (self.onNextUp && !c.toString("latin1").startsWith("GET ")) {
          const f = self.onNextUp;
          self.onNextUp = null;
          if (f(c, up, down)) return;
        }
        up.write(c);
      });
      up.on("data", (c: Buffer) => {
        if (self.mode !== "silent") down.write(c);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const a = server.address();
    self = new FaultProxy(server, typeof a === "object" && a ? a.port : 0);
    return self;
  }

  /** Destroys every proxied connection (peer "killed"). */
  kill(): void {
    for (const p of this.pairs) {
      p.down.destroy();
      p.up.destroy();
    }
    this.pairs = [];
  }

  /** Intercepts the next dialer->acceptor chunk after the upgrade; return true if handled. */
  interceptNext(f: (c: Buffer, up: Socket, down: Socket) => boolean): void {
    this.onNextUp = f;
  }

  /** Writes raw bytes towards the acceptor on every live pair. */
  inject(b: Uint8Array): void {
    for (const p of this.pairs) p.up.write(b);
  }

  close(): void {
    this.kill();
    this.server.close();
  }
}
