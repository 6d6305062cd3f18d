"use server";

import { addTeamMember, createTeam, deleteTeam, removeTeamMember, renameTeam } from "@/lib/access/teams";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";

/** Each team action's result is its message; the teams page shows the change. */
const teamsPage = (org: string) => ({ message: (m: string) => m, revalidate: () => `/${org}/-/teams` });

export async function createTeamAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(async (actor) => `Created ${(await createTeam(actor, org, formFields(form))).name}.`, teamsPage(org));
}

export async function renameTeamAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(async (actor) => {
    const fields = formFields(form);
    await renameTeam(actor, org, fields.team, { name: fields.name });
    return `Renamed ${fields.team}.`;
  }, teamsPage(org));
}

export async function deleteTeamAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(async (actor) => {
    const fields = formFields(form);
    await deleteTeam(actor, org, fields.team);
    return `Deleted ${fields.team}.`;
  }, teamsPage(org));
}

export async function addTeamMemberAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(async (actor) => {
    const fields = formFields(form);
    await addTeamMember(actor, org, fields.team, { email: fields.email });
    return `Added ${fields.email} to ${fields.team}.`;
  }, teamsPage(org));
}

export async function removeTeamMemberAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(async (actor) => {
    const fields = formFields(form);
    await removeTeamMember(actor, org, fields.team, { email: fields.email });
    return `Removed ${fields.email} from ${fields.team}.`;
  }, teamsPage(org));
}
