// The organization's default environment permission and its project-wide grants.
import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { segment } from "@/lib/api/params";
import { getDefaultPermission, grantProjectAccess, listProjectGrants, revokeProjectAccess, setDefaultPermission } from "@/lib/access/grants";

type Ctx = { params: Promise<{ org: string }> };

/** A body's `project` field, which names the grant's scope; the rest is the grant. */
function split(body: unknown): { project: unknown; grant: unknown } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { project: undefined, grant: body };
  const { project, ...grant } = body as Record<string, unknown>;
  return { project: Object.hasOwn(body, "project") ? project : undefined, grant };
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  GET: async (request, ctx) => {
    const actor = await authenticate(request);
    const org = await segment(ctx, "org");
    return json({ defaultPermission: await getDefaultPermission(actor, org), projectGrants: await listProjectGrants(actor, org) });
  },

  /** { defaultPermission: "none" | "read" | "open" | "write" } */
  PATCH: async (request, ctx) => {
    const actor = await authenticate(request);
    const org = await segment(ctx, "org");
    const body = await readJson(request);
    const permission = typeof body === "object" && body !== null && Object.hasOwn(body, "defaultPermission") ? (body as Record<string, unknown>).defaultPermission : undefined;
    await setDefaultPermission(actor, org, { permission });
    return json({ defaultPermission: await getDefaultPermission(actor, org) });
  },

  /** { project, user | team, permission }: grants on every environment of the project */
  POST: async (request, ctx) => {
    const actor = await authenticate(request);
    const { project, grant } = split(await readJson(request));
    await grantProjectAccess(actor, await segment(ctx, "org"), project, grant);
    return new Response(null, { status: 204 });
  },

  /** ?project=&user= or ?project=&team= */
  DELETE: async (request, ctx) => {
    const actor = await authenticate(request);
    const q = new URL(request.url).searchParams;
    await revokeProjectAccess(actor, await segment(ctx, "org"), q.get("project") ?? undefined, grantee(q));
    return new Response(null, { status: 204 });
  },
});

function grantee(q: URLSearchParams) {
  return { ...(q.has("user") ? { user: q.get("user") } : {}), ...(q.has("team") ? { team: q.get("team") } : {}) };
}
