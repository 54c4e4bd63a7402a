// MinIO's defaults for what a .grid file may leave out, in one place so the
// generator, the runtime glue and the docs agree (grid-protocol.md §4.9, §7.3).

/** Route used when a service declares none: MinIO's main grid route (`RoutePath`). */
export const DEFAULT_ROUTE = "/minio/grid/v1";

/** Stream input queue length when a handler has a `stream T` input and no in_capacity (MinIO NewStream). */
export const DEFAULT_IN_CAPACITY = 1;

/** Stream output queue length when out_capacity is absent (MinIO: OutCapacity <= 0 means 1). */
export const DEFAULT_OUT_CAPACITY = 1;

/** Deadline MinIO applies to a single request whose caller set none. */
export const DEFAULT_SINGLE_TIMEOUT_MS = 60_000;

/** Valid handler IDs: one byte, 0 is MinIO's handlerInvalid. */
export const HANDLER_ID_MIN = 1;
/** Highest handler ID (the wire field is a uint8). */
export const HANDLER_ID_MAX = 255;

/** Capacity bounds the checker enforces (MinIO takes any int; larger queues are a mistake in practice). */
export const CAPACITY_MIN = 1;
/** Largest queue length the checker accepts. */
export const CAPACITY_MAX = 65535;
