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
