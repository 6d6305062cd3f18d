import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Types are checked by `npm test` (tsc over the whole repository, CLI and scripts included);
  // checking again here would only slow down the first `npm start`.
  typescript: { ignoreBuildErrors: true },
  // Native and driver packages stay outside the bundle and load from node_modules.
  // esbuild builds the evaluation worker on first use when no build made it (lib/evaluation).
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "esbuild", "pino"],
  experimental: {
    // A definition is at most 1 MiB; leave room for the form's other fields and encoding.
    serverActions: { bodySizeLimit: "2mb" },
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
