// What every connection of a manager shares (resolved options), so connections need no back-pointer.
import type { ConnectionOptions } from "node:tls";
import type { HandlerRegistry } from "./handlers.js";
import type { GridAuth, GridTiming, GridTraceEvent } from "./options.js";
import type { ProfileConstants, WireProfile } from "./wire/profile.js";

/** Resolved manager settings handed to each Connection. */
export interface ManagerCore {
  local: string;
  id: Uint8Array;
  profile: WireProfile;
  pc: ProfileConstants;
  timing: GridTiming;
  registry: HandlerRegistry;
  auth: GridAuth;
  tls: ConnectionOptions | undefined;
  routePath: string;
  maxMessageBytes: number;
  trace: ((ev: GridTraceEvent) => void) | undefined;
  nowNs: () => bigint;
  blockConnect: Promise<void>;
}
