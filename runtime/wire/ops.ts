// Grid operation codes and flag bits (spec 3.1, 3.2). Values are wire constants shared with Go.

/** Operation byte of a grid message; the numbers are fixed by MinIO's `internal/grid/msg.go`. */
export const Op = {
  Connect: 1,
  ConnectResponse: 2,
  Ping: 3,
  Pong: 4,
  ConnectMux: 5,
  MuxConnectError: 6,
  DisconnectClientMux: 7,
  DisconnectServerMux: 8,
  MuxClientMsg: 9,
  MuxServerMsg: 10,
  UnblockSrvMux: 11,
  UnblockClMux: 12,
  AckMux: 13,
  Request: 14,
  Response: 15,
  Disconnect: 16,
  Merged: 17,
} as const;

/** Names as Go prints them; used in handshake rejection texts ("unexpected connect op: <name>") and traces. */
export function opName(op: number): string {
  for (const [k, v] of Object.entries(Op)) if (v === op) return "Op" + k;
  return `OP(${op})`;
}

/** Flag bits of a grid message; unknown bits (0x40, 0x80) are ignored by receivers. */
export const Flag = {
  CRC: 0x01,
  EOF: 0x02,
  Stateless: 0x04,
  PayloadIsErr: 0x08,
  PayloadIsZero: 0x10,
  Subroute: 0x20,
} as const;

/** Length of the subroute id trailer (SHA-256 with bytes 0/1 rewritten, spec 2.6). */
export const SUBROUTE_LEN = 32;
/** Length of the checksum trailer (low 32 bits of XXH3-64, little-endian, spec 2.3). */
export const CRC_LEN = 4;
