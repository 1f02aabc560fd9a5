import { symmetricDecrypt, type SecretConfig } from "better-auth/crypto";
import { eq, sql } from "drizzle-orm";
import { database } from "@/db/client";
import { jwks } from "@/db/schema";
import { logger } from "@/lib/observability/logger";

// The JWT plugin's signing keys, as Better Auth reads them (its jwt `adapter.getJwks`).
//
// Each private key is stored encrypted with BETTER_AUTH_SECRET. After the secret changes,
// Better Auth would keep picking the newest key, fail to decrypt it, and answer every
// GET /api/auth/token with a 500 until someone deleted the rows by hand. Here a key the
// current secret cannot open is retired instead, in the database (expires_at = now): Better
// Auth then signs with the newest key it can open, or makes a new one, and keeps publishing
// the retired key's public half for its grace period (lib/auth.ts: a JWT's lifetime), so
// tokens signed before the change verify until they expire, and not after.

type StoredKey = typeof jwks.$inferSelect;

/** What Better Auth's Jwk type holds; its optional fields are absent rather than null. */
export type Jwk = {
  id: string;
  publicKey: string;
  privateKey: string;
  createdAt: Date;
  expiresAt?: Date;
  alg?: "EdDSA";
  crv?: "Ed25519";
};

// Whether a key opens with this process's secret, by key id: a key's row never changes,
// and the secret is fixed for the life of the process, so the answer is too.
const opens = new Map<string, boolean>();

async function opensWith(key: StoredKey, secret: string | SecretConfig): Promise<boolean> {
  let known = opens.get(key.id);
  if (known === undefined) {
    known = await symmetricDecrypt({ key: secret, data: JSON.parse(key.privateKey) as string }).then(
      () => true,
      () => false,
    );
    opens.set(key.id, known);
  }
  return known;
}

/** Every stored key; the live ones this secret cannot decrypt are retired first. */
export async function readSigningKeys(ctx: { context: { secretConfig: string | SecretConfig } }): Promise<Jwk[]> {
  const db = await database();
  const rows = await db.select().from(jwks);
  const now = Date.now();
  for (const row of rows) {
    const live = !row.expiresAt || row.expiresAt.getTime() > now;
    if (live && !(await opensWith(row, ctx.context.secretConfig))) row.expiresAt = await retire(row.id);
  }
  return rows.map(({ alg, crv, expiresAt, ...key }) => ({
    ...key,
    ...(expiresAt && { expiresAt }),
    ...(alg === "EdDSA" && { alg }),
    ...(crv === "Ed25519" && { crv }),
  }));
}

// One statement, safe to race: the earliest retirement wins, and an expiry already past stays.
async function retire(id: string): Promise<Date> {
  const db = await database();
  const [row] = await db
    .update(jwks)
    .set({ expiresAt: sql`least(coalesce(${jwks.expiresAt}, now()), now())` })
    .where(eq(jwks.id, id))
    .returning({ expiresAt: jwks.expiresAt });
  logger().warn({ kid: id }, "JWT signing key retired: the current BETTER_AUTH_SECRET cannot decrypt it");
  return row!.expiresAt!;
}
