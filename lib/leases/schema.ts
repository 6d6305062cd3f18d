// Lease filters and renewals as they arrive from forms, the REST API and the CLI.
import "server-only";
import { z } from "zod";
import { parseDuration } from "../esc/duration";

export const LEASE_STATES = ["pending", "active", "expired", "revoked", "revocation_failing"] as const;
export type LeaseState = (typeof LEASE_STATES)[number];
export const LEASE_VIA = ["console", "api", "cli", "run-token"] as const;
export type LeaseVia = (typeof LEASE_VIA)[number];

/** The longest one renewal may ask for; maxTtl caps the result anyway. */
export const MAX_RENEW_INCREMENT_SECONDS = 10 * 365 * 24 * 3600;
export const DEFAULT_RENEW_INCREMENT = "1h";
export const LEASE_PAGE_SIZE = 50;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** An empty form field or query parameter means "no filter". */
const optional = <T extends z.ZodTypeAny>(t: T) => z.preprocess((v) => (v === "" ? undefined : v), t.optional());

export const ZLeaseFilter = z.object({
  /** <project>/<env> */
  environment: optional(
    z.string().refine((s) => {
      const [p, e, ...rest] = s.split("/");
      return rest.length === 0 && NAME.test(p ?? "") && NAME.test(e ?? "");
    }, "Choose an environment as <project>/<environment>."),
  ),
  state: optional(z.enum(LEASE_STATES, { message: `Choose a state: ${LEASE_STATES.join(", ")}.` })),
  provider: optional(z.string().max(64).regex(/^[a-z0-9-]+$/, "Choose a provider such as azure-sp.")),
  /** the opener's email */
  openedBy: optional(z.string().max(254).regex(/^[^\s\x00-\x1f\x7f@]+@[^\s\x00-\x1f\x7f@]+$/, "Give the opener as an email address.")),
  continuationToken: optional(z.string().max(100).regex(/^[A-Za-z0-9_-]+$/, "That continuation token is not one Ferry issued.")),
});
export type TLeaseFilter = z.infer<typeof ZLeaseFilter>;

export const ZRenewLease = z.object({
  increment: z
    .string({ message: "Give the increment as a duration such as 1h or 30m." })
    .max(16)
    .default(DEFAULT_RENEW_INCREMENT)
    .transform((s, ctx) => {
      const seconds = parseDuration(s);
      if (seconds === undefined || seconds < 60 || seconds > MAX_RENEW_INCREMENT_SECONDS) {
        ctx.addIssue({ code: "custom", message: "Give the increment as a duration from 1m to 87600h, such as 1h or 30m." });
        return z.NEVER;
      }
      return seconds;
    }),
});

export const ZLeaseId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
