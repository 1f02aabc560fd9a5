"use client";

import { useCallback, useEffect, useState } from "react";

/**
 * Focus an element by id after the next render: for elements that an action is about
 * to create or reveal (the next task after a delete, the first task of a new page).
 */
export function useFocusLater(): (id: string) => void {
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    if (target === null) return;
    document.getElementById(target)?.focus();
    setTarget(null);
  }, [target]);
  return useCallback((id: string) => setTarget(id), []);
}
