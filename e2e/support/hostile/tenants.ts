// Two tenants seeded through the lib functions (e2e/support/seed-tenants.ts, run against the
// console's own database) and signed in through the sign-in protocol, as a browser would.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { E2E_DATA_DIR, ROOT } from "../paths";
import { send } from "./raw-http";

const exec = promisify(execFile);

export interface Tenants {
  password: string;
  victim: {
    org: string;
    ref: { org: string; project: string; name: string };
    adminEmail: string;
    memberEmail: string;
    extraEmail: string;
    pat: string;
    patId: string;
    memberPat: string;
    revokedPat: string;
    expiredPat: string;
    runToken: string;
    runTokenId: string;
    revokedRunToken: string;
    openSession: string;
    /** an anonymous open (POST /{org}/yaml/open) of the admin's */
    anonymousSession: string;
    /** an active, renewable azure-sp lease */
    leaseId: string;
    /** a team the member is in */
    team: string;
    scratch: { teams: string[]; envs: string[]; tags: string[]; runTokenIds: string[]; patId: string; leaseIds: string[]; invitationIds: string[] };
    /** a pending invitation of the admin's address to a third organization */
    invitationForAdmin: string;
    /** the admin's session cookie header */
    cookie: string;
  };
  outsider: { org: string; ref: { org: string; project: string; name: string }; email: string; pat: string; cookie: string; leaseId: string; invitationId: string };
}

export async function seedTenants(): Promise<Tenants> {
  const { stdout } = await exec(process.execPath, ["--import", "tsx", path.join(ROOT, "e2e/support/seed-tenants.ts")], {
    cwd: ROOT,
    env: { ...process.env, FERRY_DATA_DIR: E2E_DATA_DIR, DATABASE_URL: "" },
  });
  const seeded = JSON.parse(stdout.trim().split("\n").at(-1)!) as Tenants;
  seeded.victim.cookie = await signIn(seeded.victim.adminEmail, seeded.password);
  seeded.outsider.cookie = await signIn(seeded.outsider.email, seeded.password);
  return seeded;
}

const cookiesOf = (setCookie: string[] | undefined) => (setCookie ?? []).map((c) => c.split(";")[0]);

/** Signs in through next-auth's credentials callback; returns the Cookie header to send. */
export async function signIn(email: string, password: string): Promise<string> {
  const csrf = await send({ method: "GET", path: "/api/auth/csrf" });
  const jar = cookiesOf(csrf.headers["set-cookie"]);
  const { csrfToken } = JSON.parse(csrf.body.toString()) as { csrfToken: string };
  const res = await send({
    method: "POST",
    path: "/api/auth/callback/credentials",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const session = cookiesOf(res.headers["set-cookie"]).filter((c) => c.includes("session-token"));
  if (res.status !== 200 || session.length === 0) throw new Error(`sign-in of ${email} failed: HTTP ${res.status} ${res.body.toString().slice(0, 200)}`);
  return [...jar, ...session].join("; ");
}
