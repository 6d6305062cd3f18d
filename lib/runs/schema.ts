import "server-only";
import { z } from "zod";
import { zWholeNumber } from "../validation/numbers";

export const RUN_TOKEN_PREFIX = "fry_run_";
export const MAX_RUN_TOKEN_TTL_SECONDS = 24 * 60 * 60;
export const DEFAULT_RUN_TOKEN_TTL_SECONDS = 15 * 60;
export const MAX_RUN_TOKEN_USES = 100;
const MAX_COMMAND_WORDS = 100;
const MAX_COMMAND_CHARS = 4000;

export const ZCreateRunToken = z.object({
  /** revision number or tag; the current revision when absent. Always pinned to a number. */
  version: z
    .string()
    .trim()
    .max(64)
    .regex(/^(\d+|[A-Za-z0-9][A-Za-z0-9._-]*)$/, "Choose a revision number or tag.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  ttlSeconds: zWholeNumber("Choose a lifetime in whole seconds.")
    .pipe(z.number().min(60, "A run command lives at least one minute.").max(MAX_RUN_TOKEN_TTL_SECONDS, "A run command lives at most 24 hours."))
    .default(DEFAULT_RUN_TOKEN_TTL_SECONDS),
  uses: zWholeNumber("Choose a whole number of uses.")
    .pipe(z.number().min(1, "A run command can be used at least once.").max(MAX_RUN_TOKEN_USES, `A run command can be used at most ${MAX_RUN_TOKEN_USES} times.`))
    .default(1),
  /** argv to pre-fill in the line; never a secret value (the line is shown in clear text) */
  command: z
    .array(z.string().max(MAX_COMMAND_CHARS))
    .max(MAX_COMMAND_WORDS, `A command can have at most ${MAX_COMMAND_WORDS} words.`)
    .refine((a) => a.join(" ").length <= MAX_COMMAND_CHARS, "The command is too long.")
    .optional(),
});
export type TCreateRunToken = z.infer<typeof ZCreateRunToken>;


/** A run command as the console shows it once, right after creating it. */
export interface RunLineDto {
  line: string;
  revision: number;
  expiresAt: string;
  maxUses: number;
}
