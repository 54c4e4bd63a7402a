// Benchmark server process: a grid manager (MinIO benchmark handlers), a raw `ws` echo server and a
// @grpc/grpc-js echo server (unary + bidi). Prints "ready <json ports>" when listening.
import { WebSocketServer } from "ws";
import * as grpc from "@grpc/grpc-js";
import { Manager } from "../../runtime/manager.js";
import { echoService } from "./grpc-def.js";
import { TestRequestCodec, TestResponseCodec } from "../../generated/tests/generics.js";

const [clientHost, serverHost, gridPort, wsPort, grpcPort] = process.argv.slice(2);
const m = new Manager({ local: serverHost!, hosts: [clientHost!, serverHost!] });
m.registerSingle(78, (p) => (p === null ? null : new Uint8Array(p)));
// MinIO's "rpc" benchmark handler: testResponse{OrgNum, OrgString, Embedded} from testRequest, through the generated codecs.
m.registerSingle(79, (p) => {
  const req = TestRequestCodec.decode(p ?? new Uint8Array(0));
  return TestResponseCodec.encode({ OrgNum: req.Num, OrgString: req.String, Embedded: req });
});
m.registerStream(
  78,
  async function* (p) {
    for (let i = 0; i < 10; i++) {
      const out = new Uint8Array(1 + (p?.length ?? 0));
      out[0] = i;
      if (p) out.set(p, 1);
      yield out;
    }
  },
  { subroute: "some-subroute", outCapacity: 1 },
);
m.registerStream(
  79,
  async function* (_p, input) {
    let n = 0;
    for await (const _ of input) n++;
    if (n !== 10) throw new Error(`wanted 10 requests, got ${n}`);
  },
  { subroute: "some-subroute", inCapacity: 1, outCapacity: 1 },
);
m.registerStream(77, async function* (_p, input) {
  for await (const x of input) yield x;
}, { inCapacity: 1, outCapacity: 1 });
await m.listen(Number(gridPort));

const wss = new WebSocketServer({ port: Number(wsPort), host: "127.0.0.1", perMessageDeflate: false });
wss.on("connection", (ws) => ws.on("message", (d, isBinary) => ws.send(d as Buffer, { binary: isBinary })));

const server = new grpc.Server();
server.addService(echoService, {
  Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, call.request),
  Bidi: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
    call.on("data", (d: Buffer) => call.write(d));
    call.on("end", () => call.end());
  },
});
await new Promise<void>((r, j) => server.bindAsync(`127.0.0.1:${grpcPort}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? j(e) : r())));
process.stdout.write("ready\n");
process.on("SIGTERM", () => process.exit(0));
