// Entra directory objects through Microsoft Graph v1.0 (@microsoft/microsoft-graph-client):
// applications, their service principals and passwords, and group members. Deletions treat
// "already gone" as success, so revoking twice (or after someone cleaned up by hand) is fine.
// Server-only.
import type { Client } from "@microsoft/microsoft-graph-client";
import { cloudFailure } from "./cloud-errors";

export interface CreatedApplication {
  id: string;
  appId: string;
}

export interface CreatedPassword {
  keyId: string;
  secretText: string;
  endDateTime: string;
}

// Graph answers Request_ResourceNotFound (404) for objects that do not exist, and this sentence
// (with 400 or 404, depending on replication) for a password key that is not on the application.
const gone = (e: unknown) => cloudFailure(e).status === 404 || /No password credential found with keyId/i.test(cloudFailure(e).message);

async function idempotent(call: () => Promise<unknown>): Promise<"deleted" | "already-gone"> {
  try {
    await call();
    return "deleted";
  } catch (e) {
    if (gone(e)) return "already-gone";
    throw e;
  }
}

export async function createApplication(graph: Client, displayName: string, notes: string): Promise<CreatedApplication> {
  const app = (await graph.api("/applications").post({ displayName, notes, tags: ["ferry"] })) as Partial<CreatedApplication>;
  if (!app?.id || !app.appId) throw new Error("Graph created an application but answered without its id and appId");
  return { id: app.id, appId: app.appId };
}

export async function getApplication(graph: Client, objectId: string): Promise<CreatedApplication & { displayName?: string }> {
  const app = (await graph.api(`/applications/${encodeURIComponent(objectId)}`).select(["id", "appId", "displayName"]).get()) as Partial<CreatedApplication> & { displayName?: string };
  if (!app?.id || !app.appId) throw new Error("Graph answered an application without its id and appId");
  return { id: app.id, appId: app.appId, displayName: app.displayName };
}

export async function createServicePrincipalFor(graph: Client, appId: string): Promise<string> {
  const sp = (await graph.api("/servicePrincipals").post({ appId })) as { id?: string };
  if (!sp?.id) throw new Error("Graph created a service principal but answered without its id");
  return sp.id;
}

export async function addPassword(graph: Client, applicationObjectId: string, displayName: string, endDateTime: Date): Promise<CreatedPassword> {
  const pc = (await graph.api(`/applications/${encodeURIComponent(applicationObjectId)}/addPassword`).post({ passwordCredential: { displayName, endDateTime: endDateTime.toISOString() } })) as Partial<CreatedPassword>;
  if (!pc?.keyId || !pc.secretText) throw new Error("Graph added a password but answered without its keyId and secretText");
  return { keyId: pc.keyId, secretText: pc.secretText, endDateTime: pc.endDateTime ?? endDateTime.toISOString() };
}

export const removePassword = (graph: Client, applicationObjectId: string, keyId: string) =>
  idempotent(() => graph.api(`/applications/${encodeURIComponent(applicationObjectId)}/removePassword`).post({ keyId }));

/** Deleting an application also deletes its service principal (Entra keeps both 30 days in deleted items). */
export const deleteApplication = (graph: Client, objectId: string) => idempotent(() => graph.api(`/applications/${encodeURIComponent(objectId)}`).delete());

export const deleteServicePrincipalObject = (graph: Client, objectId: string) => idempotent(() => graph.api(`/servicePrincipals/${encodeURIComponent(objectId)}`).delete());

export async function groupExists(graph: Client, groupId: string): Promise<boolean> {
  try {
    await graph.api(`/groups/${encodeURIComponent(groupId)}`).select(["id"]).get();
    return true;
  } catch (e) {
    if (cloudFailure(e).status === 404) return false;
    throw e;
  }
}

/** `graphEndpoint` names the directory object the way this Graph instance knows it. */
export async function addGroupMember(graph: Client, graphEndpoint: string, groupId: string, memberId: string): Promise<void> {
  await graph.api(`/groups/${encodeURIComponent(groupId)}/members/$ref`).post({ "@odata.id": `${graphEndpoint}/v1.0/directoryObjects/${memberId}` });
}

export const removeGroupMember = (graph: Client, groupId: string, memberId: string) =>
  idempotent(() => graph.api(`/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(memberId)}/$ref`).delete());
