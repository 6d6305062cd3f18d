import { endpoint } from "@/lib/api/http";
import { cliBundle } from "@/lib/api/cli-download";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint({
  /** The CLI as one file: `curl -o ferry <console>/cli/ferry.cjs && chmod +x ferry`. */
  GET: () =>
    new Response(new Uint8Array(cliBundle()), {
      headers: { "content-type": "application/javascript", "content-disposition": 'attachment; filename="ferry"', "cache-control": "no-cache" },
    }),
});
