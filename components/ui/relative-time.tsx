// Renders an absolute UTC timestamp (stable between server and client render) with the exact
// time in the tooltip.
export function RelativeTime({ iso }: { iso: string }) {
  const d = new Date(iso);
  const label = d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  return (
    <time dateTime={iso} title={d.toUTCString()}>
      {label}
    </time>
  );
}
