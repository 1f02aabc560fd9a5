import { randomBytes } from "node:crypto";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

// UUIDv7 (RFC 9562): a millisecond timestamp, then a 12-bit counter, then random bits.
// The list's order is (created_at, id): time-ordered ids make tasks created within the
// same millisecond come back in the order they were made, not at random.
let lastMillis = 0;
let counter = 0;

export function newTaskId(): string {
  let millis = Date.now();
  if (millis <= lastMillis) {
    millis = lastMillis;
    counter++;
    if (counter > 0xfff) {
      // 4096 ids in one millisecond: borrow the next one rather than lose the order.
      millis = ++lastMillis;
      counter = 0;
    }
  } else {
    counter = 0;
  }
  lastMillis = millis;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(millis, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The creation time a UUIDv7 carries: tasks are stamped with it, so id and time agree. */
export function timeOfTaskId(id: string): Date {
  return new Date(parseInt(id.slice(0, 8) + id.slice(9, 13), 16));
}
