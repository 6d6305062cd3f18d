// Hostile documents: each gives a clear diagnostic or a result, in bounded time and memory.

import { describe, expect, it } from "vitest";
import { evalEnvironment, loadEnvironment, MAX_EVAL_DEPTH, MAX_NESTING_DEPTH } from "./index";

async function run(text: string, envs: Record<string, string> = {}) {
  const t = performance.now();
  const load = loadEnvironment("root", text);
  const r = await evalEnvironment({
    name: "root",
    env: load.env,
    environments: { load: (n) => (envs[n] !== undefined ? { text: envs[n] } : { error: `no ${n}` }) },
  });
  return { ms: performance.now() - t, load: load.diagnostics.map((d) => d.summary), eval: r.diagnostics.map((d) => d.summary), env: r.env };
}

describe("hostile documents", () => {
  it("10,000-level flow nesting", async () => {
    const r = await run("values:\n  a: " + "[".repeat(10_000) + "]".repeat(10_000));
    expect(r.load).toEqual([`document exceeds the maximum nesting depth of ${MAX_NESTING_DEPTH}`]);
    expect(r.ms).toBeLessThan(5000);
  });

  it("10,000-level mapping nesting", async () => {
    const r = await run("values:\n  a: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000));
    expect(r.load[0]).toMatch(/maximum nesting depth/);
  });

  it("block nesting beyond the limit", async () => {
    let b = "values:\n";
    for (let i = 0; i < 400; i++) b += " ".repeat(i + 2) + "k:\n";
    const r = await run(b);
    expect(r.load[0]).toMatch(/maximum nesting depth/);
  });

  it("1 MiB document", async () => {
    let big = "values:\n  k0: start\n";
    for (let i = 1; big.length < 1 << 20; i++) big += `  k${i}: value ${i} \${k${i - 1}}\n`;
    const r = await run(big);
    expect(r.load).toEqual([]);
    expect(r.ms).toBeLessThan(10_000);
  });

  it("documents above the size limit", async () => {
    const r = await run("values:\n  a: " + "x".repeat(5 * 1024 * 1024));
    expect(r.load[0]).toMatch(/maximum size/);
  });

  it("long reference chains stop at the depth limit", async () => {
    let chain = "values:\n  v0: start\n";
    for (let i = 1; i < 10_000; i++) chain += `  v${i}: \${v${i - 1}}\n`;
    const r = await run(chain);
    expect(r.eval[0]).toBe(`evaluation exceeds the maximum depth of ${MAX_EVAL_DEPTH}`);
  });

  it("wide import diamonds load each environment once", async () => {
    const envs: Record<string, string> = { leaf: "values: {leaf: 1}" };
    const imports: string[] = [];
    for (let i = 0; i < 150; i++) {
      envs[`m${i}`] = `imports: [leaf]\nvalues: {m${i}: '\${leaf}'}`;
      imports.push(`m${i}`);
    }
    const r = await run(`imports: ${JSON.stringify(imports)}\nvalues: {x: '\${m149}'}`, envs);
    expect(r.eval).toEqual([]);
    expect(r.ms).toBeLessThan(5000);
  });

  it("deep import chains stop at the environment limit", async () => {
    const envs: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) envs[`e${i}`] = `imports: [e${i + 1}]\nvalues: {v${i}: ${i}}`;
    const r = await run("imports: [e0]\nvalues: {x: 1}", envs);
    expect(r.eval).toEqual(["too many environments loaded (limit 1000)"]);
    expect(r.ms).toBeLessThan(20_000);
  });

  it("YAML anchors/aliases (billion laughs) are rejected without expansion", async () => {
    const lol = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (const [n, p] of [["b", "a"], ["c", "b"], ["d", "c"], ["e", "d"], ["f", "e"], ["g", "f"], ["h", "g"]]) {
      lol.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(", ")}]`);
    }
    const r = await run(lol.join("\n") + "\nvalues: {x: *h}\n");
    expect(r.load).toEqual(["alias nodes are not supported"]);
    expect(r.ms).toBeLessThan(2000);
  });

  it("exponential reference fan-out hits the value budget", async () => {
    let expo = "values:\n  a0: {x: 1}\n";
    for (let i = 1; i < 40; i++) expo += `  a${i}: ["\${a${i - 1}}", "\${a${i - 1}}"]\n`;
    const r = await run(expo);
    expect(r.eval[0]).toMatch(/maximum value size/);
  });

  it("exponential string growth hits the string limit", async () => {
    let expo = "values:\n  a0: x\n";
    for (let i = 1; i < 40; i++) expo += `  a${i}: "\${a${i - 1}}\${a${i - 1}}"\n`;
    const r = await run(expo);
    expect(r.eval[0]).toMatch(/maximum length/);
  });
});
