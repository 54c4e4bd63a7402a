// Public surface of the grid runtime. Generated clients/servers import from here.
export { Manager } from "./manager.js";
export { Connection, ConnState, SubrouteView, type ConnectionStats, type ConnStateValue } from "./connection.js";
export { ClientStream, type OpenStreamOptions, type RequestOptions } from "./mux-client.js";
export type { HandlerContext, SingleHandler, StreamHandler, RegisterOptions, StreamRegisterOptions } from "./handlers.js";
export { DEFAULT_TIMING, ROUTE_PATH, ROUTE_LOCK_PATH, type GridTiming, type GridAuth, type ManagerOptions, type GridTraceEvent } from "./options.js";
export {
  GridError,
  RemoteError,
  DisconnectedError,
  DeadlineExceededError,
  CanceledError,
  UnknownHandlerError,
  HandlerExistsError,
  IncorrectSequenceError,
  PayloadTooLargeError,
  ProtocolError,
  HandshakeRejectedError,
  StreamStateError,
} from "./errors.js";
export type { WireProfile } from "./wire/profile.js";
export { subrouteId } from "./subroute.js";
export { localShouldDial } from "./dial-rule.js";
export * from "./msgp/index.js";
export {
  callOptions,
  typedStream,
  noInput,
  noRequests,
  mapAsync,
  type CallOptions,
  type TypedStream,
  type GridCaller,
  type GridRegistrar,
  callSingle,
  openTypedStream,
  serveSingle,
  serveStream,
  checkServiceSubroute,
  UndeclaredSubrouteError,
  NO_PAYLOAD,
  NO_INPUT,
  type Awaitable,
  type PayloadCodec,
  type SingleSpec,
  type StreamSpec,
  type RegisterServiceOptions,
} from "./service-support.js";
export { goJsonEncode, goJsonDecode, type GoJsonShape } from "./go-json.js";
