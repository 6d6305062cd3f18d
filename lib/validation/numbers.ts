// Whole numbers from forms (digit strings) and JSON (numbers). z.coerce.number() would also take
// [7] (Number([7]) is 7), true (1) and "" (0), so a list or a boolean could pass for a count.
import { z } from "zod";

/** A whole number given as a number or as its digits; anything else fails with `message`. */
export function zWholeNumber(message: string) {
  return z.preprocess((v) => (typeof v === "string" && /^\s*\d{1,16}\s*$/.test(v) ? Number(v) : v), z.number({ message }).int(message).safe(message));
}
