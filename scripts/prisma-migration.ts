// Creates the next migration for both databases from the change in prisma/models.prisma:
//   npm run db:migration -- <name>
// Each migration folder keeps a copy of the schema it produced, which the next run diffs
// against (Prisma's `migrate dev` needs a shadow database; `migrate diff` between two schema
// files works offline with the WebAssembly engine).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (lower-case letters, digits, _)");
  process.exit(2);
}
execFileSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/prisma-schemas.ts")], { stdio: "inherit" });
mkdirSync(path.join(root, ".tmp"), { recursive: true });
writeFileSync(path.join(root, ".tmp/no-engine.so.node"), "");

for (const provider of ["sqlite", "postgresql"]) {
  const dir = path.join(root, "prisma/migrations", provider);
  const existing = existsSync(dir) ? readdirSync(dir).filter((d) => /^\d{4}_/.test(d)).sort() : [];
  const previous = existing.at(-1);
  const from = previous ? ["--from-schema-datamodel", path.join(dir, previous, "schema.prisma")] : ["--from-empty"];
  const schema = path.join(root, "prisma", provider, "schema.prisma");
  const sql = execFileSync(
    process.execPath,
    [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
    // The CLI insists on locating a native query engine it never uses for `diff`; point it at
    // an empty file instead of letting it try to download one.
    { cwd: root, env: { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: path.join(root, ".tmp/no-engine.so.node") }, encoding: "utf8" },
  );
  if (/^-- This is an empty migration/m.test(sql) || !sql.trim()) {
    console.log(`${provider}: no changes`);
    continue;
  }
  const next = String(existing.length + 1).padStart(4, "0") + "_" + name;
  mkdirSync(path.join(dir, next), { recursive: true });
  writeFileSync(path.join(dir, next, "migration.sql"), sql);
  copyFileSync(schema, path.join(dir, next, "schema.prisma"));
  console.log(`${provider}: prisma/migrations/${provider}/${next}`);
}
