// A small getopt for the ferry CLI: long flags (`--name value`, `--name=value`), short flags
// (`-i`, `-f json`, clustered booleans `-iy`), `--` ending flag parsing. With `commandAfter`, the
// first positional past that count starts a command whose arguments are passed through untouched
// (`ferry run acme/dev -i az vm list --output json`: `-i` is ferry's, `--output` is az's).

export interface FlagSpec {
  type: "boolean" | "string";
  short?: string;
  description: string;
  /** accepted values for a string flag */
  choices?: readonly string[];
  /** placeholder shown in help */
  value?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedArgs {
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** arguments after `--`, or the command found past `commandAfter` positionals */
  rest?: string[];
}

export class UsageError extends Error {}

export interface ParseOptions {
  /** after this many positionals, the next positional and everything after it is `rest` */
  commandAfter?: number;
}

export function parseArgs(argv: readonly string[], specs: FlagSpecs, opts: ParseOptions = {}): ParsedArgs {
  const flags: ParsedArgs["flags"] = {};
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(specs)) if (s.short) byShort.set(s.short, name);

  const set = (name: string, value: string | boolean, shown: string) => {
    const spec = specs[name];
    if (spec.type === "string" && spec.choices && typeof value === "string" && !spec.choices.includes(value)) {
      throw new UsageError(`${shown} must be one of ${spec.choices.join(", ")} (got "${value}")`);
    }
    flags[name] = value;
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") return { flags, positionals, rest: argv.slice(i + 1) };
    if (opts.commandAfter !== undefined && positionals.length >= opts.commandAfter && !a.startsWith("-")) {
      return { flags, positionals, rest: argv.slice(i) };
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      const spec = specs[name];
      if (!spec) throw new UsageError(`unknown flag --${name}`);
      if (spec.type === "boolean") {
        if (eq !== -1) {
          const v = a.slice(eq + 1);
          if (v !== "true" && v !== "false") throw new UsageError(`--${name} takes no value`);
          set(name, v === "true", a);
        } else set(name, true, a);
      } else if (eq !== -1) set(name, a.slice(eq + 1), `--${name}`);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
        set(name, argv[++i], `--${name}`);
      }
    } else if (a.startsWith("-") && a.length > 1 && a !== "-") {
      for (let j = 1; j < a.length; j++) {
        const name = byShort.get(a[j]);
        if (!name) throw new UsageError(`unknown flag -${a[j]}`);
        if (specs[name].type === "boolean") set(name, true, `-${a[j]}`);
        else {
          const inline = a.slice(j + 1).replace(/^=/, "");
          if (inline) set(name, inline, `-${a[j]}`);
          else if (i + 1 < argv.length) set(name, argv[++i], `-${a[j]}`);
          else throw new UsageError(`-${a[j]} needs a value`);
          break;
        }
      }
    } else positionals.push(a);
  }
  return { flags, positionals };
}

export function formatFlags(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `${s.short ? `-${s.short}, ` : "    "}--${name}${s.type === "string" ? ` <${s.value ?? (s.choices ? s.choices.join("|") : "value")}>` : ""}`;
    return [left, s.description] as const;
  });
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, d]) => `  ${l.padEnd(width)}  ${d}`).join("\n");
}
