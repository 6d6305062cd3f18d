// Benchmark dispatcher: `npm run bench [-- name...]` runs bench/<name>.ts (all when none given).

const benches: Record<string, () => Promise<{ main(): Promise<void> }>> = {
  esc: () => import("./esc"),
  editor: () => import("./editor"),
  throttle: () => import("./throttle"),
  keys: () => import("./keys"),
  cli: () => import("./cli"),
  hostile: () => import("./hostile"),
  audit: () => import("./audit"),
  api: () => import("./api"),
};

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  for (const name of names.length ? names : Object.keys(benches)) {
    const load = benches[name];
    if (!load) throw new Error(`unknown benchmark ${name}; have: ${Object.keys(benches).join(", ")}`);
    console.log(`# ${name}`);
    await (await load()).main();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
