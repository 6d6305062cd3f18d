"use client";

import { useEffect, useMemo, useRef, useState, type RefObject } from "react";
import type { ActionState } from "@/lib/actions/action-state";
import type { ImportDefinition } from "@/lib/environments/imports";
import { cachedImportLoader, LiveChecker, type LiveCheck } from "./browser-check";
import { checkDebounceMs } from "./check-schedule";
import { withSharedValues } from "./share-values";

export interface LiveCheckState {
  /** the newest check, of `checkedText` */
  check: LiveCheck | null;
  /** what the values pane shows: the newest check, or the last one that decoded when this one did not */
  shownCheck: LiveCheck | null;
  /** `shownCheck` is an older check kept through a syntax error */
  stale: boolean;
  /** the text `check` is of; Save waits for it to be the text being saved */
  checkedText: RefObject<string | null>;
}

/**
 * Checks `text` in a Web Worker (browser-check.ts) after each pause in typing, debounced by what
 * the last check cost; a newer run supersedes an older one. Imports are read through the page's
 * `loadImports` action, once per name for the page's life.
 */
export function useLiveCheck(opts: {
  org: string;
  envName: string;
  text: string;
  userLogin: string;
  loadImports: (names: string[]) => Promise<ActionState<Record<string, ImportDefinition>>>;
}): LiveCheckState {
  const { org, envName, text, userLogin } = opts;
  const [check, setCheck] = useState<LiveCheck | null>(null);

  const loader = useMemo(
    () =>
      cachedImportLoader(async (names) => {
        // bound to this org, like the memo: a re-rendered page's new reference does the same
        const r = await opts.loadImports(names);
        if (r.status !== "ok") throw new Error(r.status === "error" ? r.message : "failed");
        return r.data;
      }),
    [org],
  );
  const context = useMemo(() => ({ pulumi: { user: { login: userLogin }, organization: { login: org } } }), [userLogin, org]);

  const checkedText = useRef<string | null>(null);
  const checker = useMemo(() => new LiveChecker(loader), [loader]);
  useEffect(() => () => checker.dispose(), [checker]);
  const lastCheckMs = useRef<number | undefined>(undefined);
  useEffect(() => {
    const t = setTimeout(() => {
      void checker.check(envName, text, context).then((r) => {
        if (!r) return;
        checkedText.current = text;
        lastCheckMs.current = r.ms;
        setCheck((prev) => withSharedValues(prev, r));
      });
    }, checkDebounceMs(lastCheckMs.current));
    return () => clearTimeout(t);
  }, [text, envName, checker, context]);

  // A syntax error leaves nothing to evaluate: keep showing the last values that decoded,
  // marked stale, rather than an empty pane that reads like "you have no values".
  const lastGood = useRef<LiveCheck | null>(null);
  // (a check with no schema is one whose text did not decode)
  if (check?.schema) lastGood.current = check;
  const shownCheck = check && !check.schema && lastGood.current ? lastGood.current : check;
  return { check, shownCheck, stale: shownCheck !== check, checkedText };
}
