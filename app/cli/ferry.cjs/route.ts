import { errorResponse } from "@/lib/api/http";
import { cliBundle } from "@/lib/api/cli-download";

/** The CLI as one file: `curl -o ferry <console>/cli/ferry.cjs && chmod +x ferry`. */
export function GET() {
  try {
    return new Response(new Uint8Array(cliBundle()), {
      headers: { "content-type": "application/javascript", "content-disposition": 'attachment; filename="ferry"', "cache-control": "no-cache" },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
