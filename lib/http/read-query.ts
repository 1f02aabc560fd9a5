import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { fieldErrors } from "./read-json";

/** Validates the query string: a bad, unknown or repeated parameter is a 400 naming it. */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = new URL(req.url).searchParams;
  const record: Record<string, string> = {};
  for (const [key, value] of params) {
    if (Object.hasOwn(record, key)) {
      throw new AppError("invalid_query", `The parameter ${key} is given more than once.`, [
        { path: key, message: "Given more than once." },
      ]);
    }
    record[key] = value;
  }
  const result = schema.safeParse(record);
  if (!result.success) {
    throw new AppError("invalid_query", "One or more query parameters are invalid.", fieldErrors(result.error));
  }
  return result.data;
}
