"use client";

import { useCallback, useState } from "react";
import { isAbort } from "../lib/api-client";
import { describeError } from "../lib/error-view";

/**
 * One part of the page's error line: `report(e, "Could not …")` shows "Could not …: <the
 * server's message>" (a 401 is handed to `checkSession`, which signs the page out; a load the
 * page cancelled shows nothing).
 */
export function useFailure(checkSession: (error: unknown) => void) {
  const [error, setError] = useState<string | null>(null);
  const report = useCallback(
    (e: unknown, what: string) => {
      if (isAbort(e)) return;
      checkSession(e);
      setError(`${what}: ${describeError(e).message}`);
    },
    [checkSession],
  );
  return { error, setError, report };
}
