// The one way Ferry shows a moment, on every page and in every CLI command:
// "2026-11-30 16:37 UTC", or with --utc off in the CLI the local time with its offset,
// "2026-11-30 17:37 +01:00" (as `esc` prints local time unless --utc). Pure: the CLI imports it.

const pad = (n: number) => String(n).padStart(2, "0");

export function formatTime(at: string | Date, opts: { utc?: boolean } = { utc: true }): string {
  const d = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return String(at);
  if (opts.utc !== false) return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())} ${zone}`;
}
