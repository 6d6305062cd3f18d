// The ESC API's "open": evaluate once, keep the result for a while under an id, read it (or one
// property of it) later. Results hold secrets, so they are sealed under the master key, and they
// are tied to the user who opened them.
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { openData, sealData } from "../crypto/secrets-cipher";
import { requireEnvironment } from "../environments/access";
import { openEnvironmentAs, type OpenAuditInfo } from "../environments/evaluate";
import type { EnvironmentRef } from "../environments/schema";
import type { EscValue } from "../esc";
import { escDiagnostic, valueAtPath, type EscDiagnostic } from "./esc-shapes";

const PURPOSE = "open-session";
export const DEFAULT_OPEN_SECONDS = 2 * 60 * 60;
export const MAX_OPEN_SECONDS = 24 * 60 * 60;

export interface OpenedSession {
  id: string;
  diagnostics: { diagnostics: EscDiagnostic[] };
}

export async function createOpenSession(actor: Actor, ref: EnvironmentRef, version: string | undefined, seconds: number, audit: OpenAuditInfo): Promise<OpenedSession> {
  const ttl = Math.min(Math.max(60, Math.round(seconds)), MAX_OPEN_SECONDS);
  const opened = await openEnvironmentAs(actor, ref, { version }, audit);
  const { env } = await requireEnvironment(actor, ref, "opener");
  const name = `${ref.project}/${ref.name}`;
  const diagnostics = opened.diagnostics.map((d) => escDiagnostic(d, name));
  const row = await db().openSession.create({
    data: {
      environmentId: env.id,
      revision: opened.revision,
      userId: actor.userId,
      valuesEncrypted: sealData(JSON.stringify({ properties: opened.properties }), PURPOSE),
      expiresAt: new Date(Date.now() + ttl * 1000),
    },
    select: { id: true },
  });
  // Expired sessions are useless; sweep a few on each open instead of running a scheduler.
  await db().openSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return { id: row.id, diagnostics: { diagnostics } };
}

/** The opened environment (`{ properties }`), or the value at `property`. */
export async function readOpenSession(actor: Actor, ref: EnvironmentRef, id: string, property?: string): Promise<{ properties: Record<string, EscValue> } | EscValue> {
  const { env } = await requireEnvironment(actor, ref, "opener");
  const row = typeof id === "string" ? await db().openSession.findFirst({ where: { id, environmentId: env.id, userId: actor.userId } }) : null;
  if (!row) throw notFound("Open session");
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError("not_found", "The open session has expired. Open the environment again.");
  const { properties } = JSON.parse(openData(row.valuesEncrypted, PURPOSE)) as { properties: Record<string, EscValue> };
  if (property === undefined || property === "") return { properties };
  const v = valueAtPath(properties, property);
  if (!v) throw new AppError("not_found", `The environment has no property ${property.slice(0, 100)}.`);
  return v;
}
