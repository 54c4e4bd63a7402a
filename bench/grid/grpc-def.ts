// A protobuf-free grpc-js echo service (bytes in, bytes out): the fairest "what a TS user would pick" baseline.
import type { ServiceDefinition } from "@grpc/grpc-js";

const id = (b: Buffer): Buffer => b;
/** Unary `Echo` and bidirectional `Bidi`, both identity on raw bytes. */
export const echoService: ServiceDefinition = {
  Echo: { path: "/bench.Echo/Echo", requestStream: false, responseStream: false, requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id },
  Bidi: { path: "/bench.Echo/Bidi", requestStream: true, responseStream: true, requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id },
};
