import { timeAgo } from "../lib/history-text";

/** "2 minutes ago", with the exact time on hover and for assistive technology's <time>. */
export function RelativeTime({ iso, now }: { iso: string; now: Date }) {
  const exact = new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <time dateTime={iso} title={exact}>
      {timeAgo(iso, now)}
    </time>
  );
}
