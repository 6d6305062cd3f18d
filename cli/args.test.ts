import { describe, expect, it } from "vitest";
import { parseArgs, UsageError, type FlagSpecs } from "./args";

const RUN: FlagSpecs = {
  interactive: { type: "boolean", short: "i", description: "" },
  token: { type: "string", description: "" },
  lifetime: { type: "string", short: "l", description: "" },
};

describe("parseArgs", () => {
  it.each([
    [["acme/dev", "-i", "az", "vm", "list"], { interactive: true }, ["acme/dev"], ["az", "vm", "list"]],
    [["-i", "acme/dev", "az", "vm", "list"], { interactive: true }, ["acme/dev"], ["az", "vm", "list"]],
    [["acme/dev", "az", "vm", "list", "--output", "json", "-i"], {}, ["acme/dev"], ["az", "vm", "list", "--output", "json", "-i"]],
    [["acme/dev", "--", "ls", "-la"], {}, ["acme/dev"], ["ls", "-la"]],
    [["--token", "fry_run_x", "acme/p/dev", "--", "printenv"], { token: "fry_run_x" }, ["acme/p/dev"], ["printenv"]],
    [["--token=fry_run_x", "acme/p/dev", "-l", "1h", "env"], { token: "fry_run_x", lifetime: "1h" }, ["acme/p/dev"], ["env"]],
    [["-l1h", "acme/dev", "env"], { lifetime: "1h" }, ["acme/dev"], ["env"]],
    [["--", "cmd"], {}, [], ["cmd"]],
    [["acme/dev"], {}, ["acme/dev"], undefined],
  ])("run %j", (argv, flags, positionals, rest) => {
    const parsed = parseArgs(argv, RUN, { commandAfter: 1 });
    expect(parsed.flags).toEqual(flags);
    expect(parsed.positionals).toEqual(positionals);
    expect(parsed.rest).toEqual(rest);
  });

  it("takes flags anywhere without commandAfter", () => {
    const specs: FlagSpecs = { secret: { type: "boolean", description: "" }, value: { type: "string", choices: ["json", "dotenv"], description: "" } };
    expect(parseArgs(["env", "--secret", "path", "v"], specs)).toEqual({ flags: { secret: true }, positionals: ["env", "path", "v"] });
    expect(parseArgs(["env", "--value=json"], specs).flags).toEqual({ value: "json" });
  });

  it.each([
    [["--nope"], /unknown flag --nope/],
    [["-x"], /unknown flag -x/],
    [["--token"], /--token needs a value/],
    [["--interactive=yes"], /takes no value/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArgs(argv, RUN)).toThrow(UsageError);
    expect(() => parseArgs(argv, RUN)).toThrow(message);
  });

  it("checks choices", () => {
    expect(() => parseArgs(["--f", "xml"], { f: { type: "string", choices: ["json"], description: "" } })).toThrow(/must be one of json/);
  });
});
