// Refuses, as `{ code, message }`, requests that Next would otherwise answer with a 500 (or leave
// hanging) before any code of ours runs; lib/next/request-guard.ts says which. It decides nothing
// about access: that stays in lib/<domain>.
import { NextResponse, type NextRequest } from "next/server";
import { isActionCall, isFormSubmission, refuseActionBody, refuseFormSubmission, refuseRequest, type Refusal } from "./lib/next/request-guard";

const refuse = (r: Refusal) =>
  NextResponse.json({ code: r.status, error: r.code, message: r.message }, { status: r.status, headers: { "cache-control": "no-store", ...r.headers } });

export async function proxy(request: NextRequest) {
  const req = { method: request.method, rawPath: new URL(request.url).pathname, header: (name: string) => request.headers.get(name) };
  const refusal = refuseRequest(req);
  if (refusal) return refuse(refusal);
  // Next hands the proxy a copy of the body and still passes the original on.
  const type = request.headers.get("content-type") ?? "";
  const bodyRefusal = isActionCall(req) ? await refuseActionBody(type, await request.arrayBuffer()) : isFormSubmission(req) ? await refuseFormSubmission(type, await request.arrayBuffer()) : undefined;
  if (bodyRefusal) return refuse(bodyRefusal);
  return NextResponse.next();
}

export const config = {
  // Everything but the build's static files, which never reach a route.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
