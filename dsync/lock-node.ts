// One node of a lock cluster: a grid Manager on MinIO's lock route serving this node's
// LocalLocker, plus the ordered locker list dsync needs (local locker in-process, the others
// over the grid), as MinIO wires it for an erasure set.
import type { Server } from "node:http";
import { Manager } from "../runtime/manager.js";
import { ROUTE_LOCK_PATH, type GridAuth, type GridTiming, type GridTraceEvent } from "../runtime/options.js";
import type { WireProfile } from "../runtime/wire/profile.js";
import type { Dsync, DsyncTimeouts } from "./dsync.js";
import { GridLocker } from "./grid-locker.js";
import { LocalLocker, type LocalLockerOptions } from "./local-locker.js";
import type { MaintenanceOptions } from "./lock-maintenance.js";
import { registerLockService } from "./lock-server.js";
import type { NetLocker } from "./net-locker.js";

/** Options of a lock node. */
export interface LockNodeOptions {
  /** This node's grid host string (e.g. "http://127.0.0.1:9001"); must be in `hosts`. */
  host: string;
  /** Every node of the cluster in one agreed order; that order is the locker order. */
  hosts: string[];
  /** HTTP server to mount the lock route on (it must listen on `host`'s port). */
  server: Server;
  /** Grid and LockArgs layout, "current" (HEAD, default) or "2024-04". */
  profile?: WireProfile;
  timing?: Partial<GridTiming>;
  auth?: GridAuth;
  maintenance?: MaintenanceOptions | false;
  locker?: LocalLockerOptions;
  /** Grid message hook (every message sent or received), e.g. to check wire bytes. */
  trace?: (ev: GridTraceEvent) => void;
}

/** A lock server plus its view of the cluster's lockers. */
export class LockNode {
  readonly manager: Manager;
  readonly locker: LocalLocker;
  readonly host: string;
  private readonly list: NetLocker[];
  private readonly stopMaintenance: () => void;

  constructor(o: LockNodeOptions) {
    this.host = o.host;
    const profile = o.profile ?? "current";
    this.locker = new LocalLocker({ endpoint: o.host, ...o.locker });
    this.manager = new Manager({ local: o.host, hosts: o.hosts, profile, routePath: ROUTE_LOCK_PATH, timing: o.timing, auth: o.auth, trace: o.trace });
    this.stopMaintenance = registerLockService(this.manager, this.locker, { profile, maintenance: o.maintenance ?? {} });
    this.manager.attach(o.server);
    this.list = o.hosts.map((h) => (h === o.host ? this.locker : new GridLocker(this.manager.connection(h)!, profile)));
  }

  /** The ordered lockers: this node's own locker in-process, the others over the grid. */
  lockers(): readonly NetLocker[] {
    return this.list;
  }

  /** A Dsync whose owner is this node's host, like MinIO's namespace lock. */
  dsync(timeouts?: Partial<DsyncTimeouts>): Dsync {
    return { getLockers: () => ({ lockers: this.list, owner: this.host }), ...(timeouts ? { timeouts } : {}) };
  }

  /** Stops the sweep and the grid manager (the HTTP server stays with its owner). */
  async close(): Promise<void> {
    this.stopMaintenance();
    await this.manager.close();
  }
}
