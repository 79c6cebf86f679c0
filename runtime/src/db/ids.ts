// Identifiers the store makes itself (workflows, users). UUIDv7 (RFC 9562): the first 48 bits are
// the creation time in ms, so ids sort by creation and break ties between records made in the same
// millisecond in "newest first" lists the way a user expects.
import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;

// Random bytes are drawn from the system in blocks: one call per 256 ids instead of one per id.
const POOL = Buffer.alloc(16 * 256);
let poolOffset = POOL.length;
function random16(): Buffer {
  if (poolOffset >= POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const out = Buffer.from(POOL.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return out;
}

export function newId(now = Date.now()): string {
  // Within one millisecond a 12-bit counter (rand_a) keeps ids made by this process increasing.
  if (now === lastMs) counter++;
  else {
    lastMs = now;
    counter = random16()[0]! & 0x7f; // a random start leaves room for 3,968 ids per ms
  }
  const bytes = random16();
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
