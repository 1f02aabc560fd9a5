import type { z } from "zod";
import { fieldErrors } from "@/lib/http/read-json";
import { AppError, type FieldError } from "@/lib/errors";

/** Parses and expects success: returns the output, or fails the test with the field errors. */
export function accept<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`expected success, got ${JSON.stringify(fieldErrors(result.error))}`);
  return result.data;
}

/** Parses and expects failure: returns the per-field error list the API would send. */
export function reject(schema: z.ZodType, value: unknown): FieldError[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected failure, got ${JSON.stringify(result.data)}`);
  return fieldErrors(result.error);
}

/** Runs fn and returns the AppError it throws (sync or async); fails if it throws nothing or something else. */
export async function appErrorOf(fn: () => unknown): Promise<AppError> {
  let value: unknown;
  try {
    value = await fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected an AppError, got ${JSON.stringify(value)}`);
}
