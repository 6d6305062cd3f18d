// A Ferry instance migrating a SQLite database, for the crash test: applies the real
// migrations plus one deliberately slow one, printing "backup <file>" when the pre-migration
// copy is written and "done" at the end (the test kills it in between).
import { readMigrations } from "../lib/db/migrate";
import { migrateSqlite } from "../lib/db/migrate-sqlite";

const slow = {
  name: "9001_slow",
  checksum: "slow",
  sql: `CREATE TABLE "Big" ("x" INTEGER);
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 200000000) INSERT INTO "Big" SELECT x FROM c;`,
};
migrateSqlite(process.argv[2], [...readMigrations("sqlite"), slow], (file) => process.stdout.write(`backup ${file}\n`));
process.stdout.write("done\n");
