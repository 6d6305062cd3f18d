import { formatTime } from "@/lib/common/format-time";

// An absolute UTC time in Ferry's one format (stable between server and client render), the
// exact instant in the tooltip.
export function RelativeTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={new Date(iso).toUTCString()}>
      {formatTime(iso)}
    </time>
  );
}
