/** Who is acting: a signed-in user (session) or a personal access token's owner. */
import "server-only";
export interface Actor {
  userId: string;
  /**
   * The user's login (email) when the authentication already read it (an access token's, in the
   * same query), so an evaluation's execution context need not read it again.
   */
  login?: string;
}

/**
 * A personal access token as it arrived (its hash), not yet checked. The hottest API requests
 * (an environment's definition, an open, an open session's values) hand it to the environment
 * access check, which checks the token in the same query as the membership and the environment:
 * one round trip to the database per request instead of two. Every other caller turns it into
 * an Actor first (lib/tokens/access-tokens.ts: actorOf). Either way the token's revocation and
 * expiry are read from the database on that request.
 */
export interface PresentedToken {
  tokenHash: string;
}

/** Who asks a domain function that authorizes from either: a checked actor or a presented token. */
export type Caller = Actor | PresentedToken;

export const isPresentedToken = (caller: Caller): caller is PresentedToken => "tokenHash" in caller;
