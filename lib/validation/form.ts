import type { z } from "zod";
import { AppError } from "../errors";

/** Parses input with a zod schema; failures become an AppError with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    fields[key] ??= issue.message;
  }
  throw new AppError("invalid_input", Object.values(fields)[0] ?? "Check the highlighted fields.", fields);
}
