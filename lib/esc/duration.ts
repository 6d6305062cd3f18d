// The one duration grammar Ferry reads: provider inputs (`duration: 1h`), the REST API's
// `open?duration=`, lease lifetimes and `ferry run --ttl`. It is Go's time.ParseDuration (which
// ESC's providers use) restricted to hours, minutes and seconds — one or more
// `<number><unit>` pairs, units h, m or s, the number a decimal that may have a fraction
// ("1h30m", "1.5h", "90s") — plus a bare whole number, read as seconds ("600"). Results are whole
// seconds, rounded down. Free of zod: the CLI bundles it.

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1 };

/** Parses a duration into whole seconds; undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^([0-9]+(\.[0-9]+)?(h|m|s))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/([0-9]+(?:\.[0-9]+)?)(h|m|s)/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]];
  return Math.floor(total);
}
