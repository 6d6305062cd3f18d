import { z } from "zod";

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
  ttlSeconds: z.coerce
    .number({ message: "Choose a lifetime." })
    .int("Choose a whole number of seconds.")
    .min(60, "A run command lives at least one minute.")
    .max(MAX_RUN_TOKEN_TTL_SECONDS, "A run command lives at most 24 hours.")
    .default(DEFAULT_RUN_TOKEN_TTL_SECONDS),
  uses: z.coerce
    .number({ message: "Choose a number of uses." })
    .int("Choose a whole number of uses.")
    .min(1, "A run command can be used at least once.")
    .max(MAX_RUN_TOKEN_USES, `A run command can be used at most ${MAX_RUN_TOKEN_USES} times.`)
    .default(1),
  /** argv to pre-fill in the line; never a secret value (the line is shown in clear text) */
  command: z
    .array(z.string().max(MAX_COMMAND_CHARS))
    .max(MAX_COMMAND_WORDS, `A command can have at most ${MAX_COMMAND_WORDS} words.`)
    .refine((a) => a.join(" ").length <= MAX_COMMAND_CHARS, "The command is too long.")
    .optional(),
});
export type TCreateRunToken = z.infer<typeof ZCreateRunToken>;

/** Parses a human lifetime: "90s", "15m", "2h", "1h30m", or a number of seconds. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(t);
  if (!m || t === "") return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
