import { z } from "zod";

// What the probes answer (app/api/health): the routes' types and the OpenAPI document
// both come from here. Apart from lib/health.ts, which loads the database client: the
// document is built without it.

export const healthResponse = z.strictObject({ status: z.literal("ok"), database: z.literal("ok") });
export type HealthJson = z.infer<typeof healthResponse>;

export const liveResponse = z.strictObject({ status: z.literal("ok") });
export type LiveJson = z.infer<typeof liveResponse>;
