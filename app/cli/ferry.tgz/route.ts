import { errorResponse } from "@/lib/api/http";
import { cliTarball } from "@/lib/api/cli-download";

/** The CLI as an npm package: `npx -y <console>/cli/ferry.tgz <args>`. */
export function GET() {
  try {
    return new Response(new Uint8Array(cliTarball()), { headers: { "content-type": "application/gzip", "cache-control": "no-cache" } });
  } catch (e) {
    return errorResponse(e);
  }
}
