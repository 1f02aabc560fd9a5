import { MAX_IMAGE_URL_LENGTH } from "@/lib/auth-user-rules";
import { resetProcessSingleton, type ProcessSingletonKey } from "@/lib/singleton";
import { documentedRoutes, type Target } from "./limit-targets";
import type { FieldShape } from "./limit-values";

// Better Auth's routes under /api/auth, as the app's own Better Auth instance (lib/auth.ts,
// with its plugins) has them: every endpoint a client can call, with the fields and query
// parameters its schemas name, so that a plugin or an upgrade that adds a route or a field
// is covered without a line here. The OpenAPI document describes only the routes a client
// of this API needs; where it does, its bounds (lengths, formats) are used.

export type AuthEndpoint = { method: string; path: string; targets: Target[] };

type ZodDef = { type: string; shape?: Record<string, { _zod: { def: ZodDef } }>; innerType?: Zod; left?: Zod; right?: Zod; options?: Zod[]; in?: Zod; entries?: Record<string, string> };
type Zod = { _zod: { def: ZodDef } };

// A record body names no fields; these are the user fields Better Auth lets a client change.
const RECORD_FIELDS: Record<string, string[]> = { "/update-user": ["name", "image"] };

// Bounds the hooks (lib/auth-user-rules.ts) and Better Auth's password rules set, for the
// fields the document does not describe.
const KNOWN: Record<string, FieldShape> = {
  name: { kind: "text", minLength: 1, maxLength: 255, trimmed: true },
  email: { kind: "email", maxLength: 255 },
  newEmail: { kind: "email", maxLength: 255 },
  image: { kind: "url", maxLength: MAX_IMAGE_URL_LENGTH },
  password: { kind: "text", minLength: 8, maxLength: 128 },
  newPassword: { kind: "text", minLength: 8, maxLength: 128 },
  currentPassword: { kind: "text", minLength: 8, maxLength: 128 },
  // Where Better Auth may send the browser: values that name another origin (open redirects).
  callbackURL: { kind: "url" },
  newUserCallbackURL: { kind: "url" },
  errorCallbackURL: { kind: "url" },
  redirectTo: { kind: "url" },
};

// What building lib/auth.ts's instance here creates, dropped again afterwards.
const BUILT: ProcessSingletonKey[] = ["config", "auth", "database", "logger", "observability-config"];

/** Every field of a zod object schema, through optional, intersection and union. */
function fieldsOf(schema: Zod | undefined): Map<string, Zod> {
  const found = new Map<string, Zod>();
  const walk = (s: Zod | undefined) => {
    const def = s?._zod?.def;
    if (!def) return;
    if (def.type === "object") for (const [key, child] of Object.entries(def.shape ?? {})) if (!found.has(key)) found.set(key, child);
    for (const child of [def.innerType, def.left, def.right, def.in, ...(def.options ?? [])]) walk(child);
  };
  walk(schema);
  return found;
}

function shapeOf(name: string, schema: Zod, documented: FieldShape | undefined): FieldShape {
  if (documented && documented.kind !== "any") return { ...KNOWN[name], ...documented };
  if (KNOWN[name]) return KNOWN[name]!;
  let def = schema._zod.def;
  while (def.innerType) def = def.innerType._zod.def;
  if (def.type === "boolean") return { kind: "boolean" };
  if (def.type === "number") return { kind: "integer" };
  if (def.type === "enum") return { kind: "enum", values: Object.values(def.entries ?? {}) };
  if (def.type === "string") return { kind: "text" };
  return { kind: "any" };
}

const target = (place: Target["in"], name: string, shape: FieldShape): Target => ({
  label: `${place}.${name}`,
  in: place,
  name,
  path: place === "body" ? [name] : [],
  shape,
  required: false,
});

/**
 * The endpoints of lib/auth.ts's Better Auth. Its instance is built here once, on a
 * database URL nothing listens on (building it queries nothing), and dropped again.
 */
export async function betterAuthEndpoints(): Promise<AuthEndpoint[]> {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET, LOG_LEVEL: process.env.LOG_LEVEL };
  Object.assign(process.env, {
    DATABASE_URL: "postgres://enumerating@127.0.0.1:9/nothing",
    BETTER_AUTH_SECRET: "only-to-list-the-endpoints-0123456789abcdef",
    LOG_LEVEL: "silent",
  });
  for (const key of BUILT) resetProcessSingleton(key);
  try {
    const { auth } = await import("@/lib/auth");
    const documented = new Map(
      documentedRoutes("/api/auth").map((r) => [`${r.method} ${r.template.slice("/api/auth".length)}`, new Map(r.targets.map((t) => [t.name, t.shape]))]),
    );
    const endpoints: AuthEndpoint[] = [];
    for (const endpoint of Object.values(auth().api as Record<string, { path?: string; options?: Record<string, any> }>)) {
      const { path, options = {} } = endpoint;
      if (!path || options.metadata?.SERVER_ONLY) continue;
      for (const method of [options.method].flat() as string[]) {
        const docs = documented.get(`${method} ${path}`);
        const targets: Target[] = [...path.matchAll(/:(\w+)/g)].map((m) => target("path", m[1]!, { kind: "text" }));
        for (const [name, schema] of fieldsOf(options.query)) targets.push(target("query", name, shapeOf(name, schema, undefined)));
        if (method !== "GET") {
          targets.push({ ...target("body", "", { kind: "any" }), label: "body", path: [] });
          const fields = fieldsOf(options.body);
          for (const name of RECORD_FIELDS[path] ?? []) if (!fields.has(name)) fields.set(name, { _zod: { def: { type: "string" } } });
          for (const [name, schema] of fields) targets.push(target("body", name, shapeOf(name, schema, docs?.get(name))));
        }
        endpoints.push({ method, path, targets });
      }
    }
    return endpoints;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    for (const key of BUILT) resetProcessSingleton(key);
  }
}
