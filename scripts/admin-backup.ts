// `npm run admin -- backup [--out FILE]` and `restore FILE [--yes]`: the embedded SQLite
// database only. PostgreSQL deployments use pg_dump / pg_restore (README, "Backups").
import { parseArgs } from "node:util";
import path from "node:path";
import { readConfig } from "../lib/config";
import { MASTER_KEY_FILE } from "../lib/crypto/master-key";
import { BackupError, backupDatabase, describeSummary, restoreDatabase } from "../lib/db/sqlite-restore";

export const BACKUP_USAGE = `  backup [--out FILE]
      Copy the SQLite database (safe while Ferry runs) to FILE, or next to it as
      ferry-backup-<time>.db. Keep the master key with it: the copy is useless without it.
  restore FILE [--yes]
      Replace the SQLite database with the backup FILE after checking it is a Ferry database
      this version can run. Stop Ferry first; --yes confirms replacing the current database,
      which is kept next to it as ferry-backup-<time>-before-restore.db.`;

const COMMANDS = {
  backup: { out: { type: "string" } },
  restore: { yes: { type: "boolean" } },
} as const;

export type BackupCommand = keyof typeof COMMANDS;
export const isBackupCommand = (c: string): c is BackupCommand => Object.hasOwn(COMMANDS, c);

const POSTGRES = {
  backup: "With DATABASE_URL set, back up with pg_dump (for example `pg_dump --format=custom --file ferry.dump \"$DATABASE_URL\"`) and keep the master key with the dump; see the README's Backups section.",
  restore: "With DATABASE_URL set, restore with pg_restore (for example `pg_restore --clean --if-exists --no-owner --dbname \"$DATABASE_URL\" ferry.dump`) while Ferry is stopped; see the README's Backups section.",
};

function masterKeyHint(dataDir: string): string {
  return process.env.FERRY_MASTER_KEY ? "the FERRY_MASTER_KEY value" : path.join(dataDir, MASTER_KEY_FILE);
}

/** Runs the command and returns the process exit code (2 for a refusal, as admin's others). */
export function runBackupCommand(command: BackupCommand, args: string[]): number {
  try {
    const { values, positionals } = parseArgs({ args, options: COMMANDS[command], strict: true, allowPositionals: command === "restore" });
    const cfg = readConfig();
    if (cfg.databaseUrl) throw new BackupError(`${command} works on the embedded SQLite database. ${POSTGRES[command]}`);
    if (command === "backup") {
      const { file, summary } = backupDatabase(cfg.sqlitePath, (values as { out?: string }).out);
      console.log(`Backed up ${cfg.sqlitePath} (${describeSummary(summary)}) to ${file}.`);
      console.log(`Keep the master key with it (${masterKeyHint(cfg.dataDir)}): the backup's secrets cannot be read without it.`);
      return 0;
    }
    if (positionals.length !== 1) throw new BackupError("restore needs exactly one backup file: npm run admin -- restore FILE [--yes]");
    const result = restoreDatabase(cfg.sqlitePath, positionals[0], { confirmed: (values as { yes?: boolean }).yes === true });
    console.log(`Restored ${cfg.sqlitePath} from ${path.resolve(positionals[0])} (${describeSummary(result.restored)}).`);
    if (result.replacedKeptAt) console.log(`The database it replaced is kept at ${result.replacedKeptAt}.`);
    if (result.restored.pending > 0) console.log(`${result.restored.pending} newer migration(s) will be applied at the next start.`);
    console.log(`Ferry checks at start that the master key (${masterKeyHint(cfg.dataDir)}) is the one this backup was made with.`);
    return 0;
  } catch (e) {
    if (e instanceof BackupError) {
      console.error(`admin: ${e.message}`);
      return 2;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`admin: ${e.message}\n\n${BACKUP_USAGE}`);
      return 2;
    }
    throw e;
  }
}
