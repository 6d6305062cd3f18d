import type { z } from "zod";
import { AppError } from "../errors";

/** Parses input with a zod schema; failures become an AppError with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    // An input that is not even an object (null, a list, text) came from no form of ours.
    fields[key] ??= issue.path.length === 0 ? "The submitted data has the wrong shape. Reload the page and try again." : issue.message;
  }
  throw new AppError("invalid_input", Object.values(fields)[0] ?? "Check the highlighted fields.", fields);
}
