"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { addTeamMember, createTeam, deleteTeam, removeTeamMember, renameTeam } from "@/lib/access/teams";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";

async function done(org: string, work: () => Promise<string>): Promise<ActionState<string>> {
  const result = await runAction(work);
  if (result.status === "ok") {
    result.message = result.data;
    revalidatePath(`/${org}/-/teams`);
  }
  return result;
}

export async function createTeamAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  return done(org, async () => `Created ${(await createTeam(actor, org, formFields(form))).name}.`);
}

export async function renameTeamAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  return done(org, async () => {
    const fields = formFields(form);
    await renameTeam(actor, org, fields.team, { name: fields.name });
    return `Renamed ${fields.team}.`;
  });
}

export async function deleteTeamAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  return done(org, async () => {
    const fields = formFields(form);
    await deleteTeam(actor, org, fields.team);
    return `Deleted ${fields.team}.`;
  });
}

export async function addTeamMemberAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  return done(org, async () => {
    const fields = formFields(form);
    await addTeamMember(actor, org, fields.team, { email: fields.email });
    return `Added ${fields.email} to ${fields.team}.`;
  });
}

export async function removeTeamMemberAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  return done(org, async () => {
    const fields = formFields(form);
    await removeTeamMember(actor, org, fields.team, { email: fields.email });
    return `Removed ${fields.email} from ${fields.team}.`;
  });
}
