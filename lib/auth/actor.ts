/** Who is acting: a signed-in user (session) or a personal access token's owner. */
import "server-only";
export interface Actor {
  userId: string;
}
