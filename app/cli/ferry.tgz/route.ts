import { endpoint } from "@/lib/api/http";
import { cliTarball } from "@/lib/api/cli-download";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint({
  /** The CLI as an npm package: `npx -y <console>/cli/ferry.tgz <args>`. */
  GET: () => new Response(new Uint8Array(cliTarball()), { headers: { "content-type": "application/gzip", "cache-control": "no-cache" } }),
});
