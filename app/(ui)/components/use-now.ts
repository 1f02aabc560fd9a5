"use client";

import { useEffect, useState } from "react";

/** The time, re-read every `everyMs`: "just now" becomes "1 minute ago" on its own. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
