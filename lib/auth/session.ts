// Who is signed in, for pages and server actions. Layouts may use this only to redirect to
// sign-in; access decisions are made in lib/<domain> functions, which take the Actor.
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { db } from "../db/client";
import { authOptions } from "./options";
import type { Actor } from "./actor";

export async function getActor(): Promise<Actor | null> {
  const session = await getServerSession(await authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  // A deleted account's session must stop working at once.
  const exists = await db().user.findUnique({ where: { id: userId }, select: { id: true } });
  return exists ? { userId } : null;
}

export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}
