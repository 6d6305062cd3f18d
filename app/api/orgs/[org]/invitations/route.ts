import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { segment } from "@/lib/api/params";
import { config } from "@/lib/config";
import { createInvitation, listInvitations } from "@/lib/orgs/invitations";

type Ctx = { params: Promise<{ org: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** pending invitations (admins only) */
  GET: async (request, ctx) => json({ invitations: await listInvitations(await authenticate(request), await segment(ctx, "org")) }),

  /** { email, role? }: the answer's `url` is the invitation link, shown this once */
  POST: async (request, ctx) => {
    const actor = await authenticate(request);
    const inv = await createInvitation(actor, await segment(ctx, "org"), await readJson(request));
    const { path, ...rest } = inv;
    return json({ ...rest, url: `${config().url}${path}` }, { status: 201 });
  },
});
