// Who may create an account (FERRY_SIGNUP, FERRY_SIGNUP_DOMAINS; read in lib/config):
//   open    anyone who can reach the console
//   invite  (default) only through an invitation link, as the invited address
//   closed  nobody
// The very first account of an empty deployment may always sign up: someone has to, and
// there is nobody yet to invite them. The allowed domains narrow every sign-up, invited or not.
import "server-only";
import type { SignUpConfig } from "../config";

export interface SignUpCircumstances {
  /** the sign-up comes with a valid, pending invitation for this address */
  invited: boolean;
  /** the deployment has no account yet */
  firstAccount: boolean;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/** Why this sign-up is not allowed, as a sentence for the person signing up; undefined if allowed. */
export function signUpRefusal(policy: SignUpConfig, email: string, c: SignUpCircumstances): string | undefined {
  if (c.firstAccount) return undefined;
  if (policy.domains.length > 0 && !policy.domains.includes(domainOf(email))) {
    return `Accounts on this server must use an address at ${policy.domains.join(", ")}.`;
  }
  if (policy.policy === "closed") return "Sign-up is closed on this server. Ask its operator for an account.";
  if (policy.policy === "invite" && !c.invited) {
    return "Sign-up on this server is by invitation. Ask an admin of your organization for an invitation link.";
  }
  return undefined;
}
