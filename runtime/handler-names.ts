// MinIO's handler id names (spec 7.1). HEAD's "Invalid Handler for type: <name>" error text needs them.

const NAMES = (
  "LockLock LockRLock LockUnlock LockRUnlock LockRefresh LockForceUnlock WalkDir StatVol DiskInfo NSScanner ReadXL " +
  "ReadVersion DeleteFile DeleteVersion UpdateMetadata WriteMetadata CheckParts RenameData RenameFile ReadAll " +
  "ServerVerify Trace Listen DeleteBucketMetadata LoadBucketMetadata ReloadSiteReplicationConfig ReloadPoolMeta " +
  "StopRebalance LoadRebalanceMeta LoadTransitionTierConfig DeletePolicy LoadPolicy LoadPolicyMapping " +
  "DeleteServiceAccount LoadServiceAccount DeleteUser LoadUser LoadGroup HealBucket MakeBucket HeadBucket " +
  "DeleteBucket GetMetrics GetResourceMetrics GetMemInfo GetProcInfo GetOSInfo GetPartitions GetNetInfo GetCPUs " +
  "ServerInfo GetSysConfig GetSysServices GetSysErrors GetAllBucketStats GetBucketStats GetSRMetrics " +
  "GetPeerMetrics GetMetacacheListing UpdateMetacacheListing GetPeerBucketMetrics StorageInfo ConsoleLog ListDir " +
  "GetLocks BackgroundHealStatus GetLastDayTierStats SignalService GetBandwidth WriteAll ListBuckets " +
  "RenameDataInline RenameData2 CheckParts2 RenamePart ClearUploadID CheckParts3 handlerTest handlerTest2"
).split(" ");

/** Go's `HandlerID.String()` at HEAD: the constant name without its `Handler` prefix, or `HandlerID(n)`. */
export function handlerName(id: number): string {
  if (id === 0) return "handlerInvalid";
  return NAMES[id - 1] ?? `HandlerID(${id})`;
}

const OP_NAMES = (
  "Connect ConnectResponse Ping Pong ConnectMux MuxConnectError DisconnectClientMux DisconnectServerMux MuxClientMsg " +
  "MuxServerMsg UnblockSrvMux UnblockClMux AckMux Request Response Disconnect Merged"
).split(" ");

/**
 * Go's `Op.String()` (stringer output, both profiles): the name without an `Op` prefix, or `Op(n)`
 * outside 1..17. It appears on the wire in the handshake rejection "unexpected connect op: <op>".
 */
export function goOpString(op: number): string {
  return OP_NAMES[op - 1] ?? `Op(${op})`;
}
