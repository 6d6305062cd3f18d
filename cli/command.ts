import type { FlagSpecs } from "./args";
import type { Context } from "./context";

export interface Command {
  path: string[];
  usage: string;
  summary: string;
  /** longer help text shown by --help */
  details?: string;
  flags: FlagSpecs;
  commandAfter?: number;
  hidden?: boolean;
  run(ctx: Context): Promise<number | void>;
}

export const OUTPUT_FLAG = { output: { type: "string", short: "o", choices: ["text", "json"], description: "output format", value: "text|json" } } as const;
