"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";

const NARROW = "(max-width: 767px)";

/** Below 768 px two panes side by side wrap values letter by letter: stack them as tabs. */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const mq = window.matchMedia(NARROW);
    setNarrow(mq.matches);
    const on = (e: MediaQueryListEvent) => setNarrow(e.matches);
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, []);
  return narrow;
}

/** Two panes with a draggable (and keyboard-adjustable) divider; tabs on a narrow screen. */
export function SplitPane({ left, right, initial = 55, labels = ["Definition", "Values"] }: { left: ReactNode; right: ReactNode; initial?: number; labels?: [string, string] }) {
  const [pct, setPct] = useState(initial);
  const [shown, setShown] = useState<0 | 1>(0);
  const narrow = useNarrow();
  const box = useRef<HTMLDivElement>(null);
  const clamp = (v: number) => Math.min(80, Math.max(20, v));

  const onPointerDown = useCallback((e: React.PointerEvent) => {
    e.preventDefault();
    const el = box.current;
    if (!el) return;
    const rect = el.getBoundingClientRect();
    const move = (ev: PointerEvent) => setPct(clamp(((ev.clientX - rect.left) / rect.width) * 100));
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  }, []);

  if (narrow) {
    // Both panes stay mounted (the editor keeps its state); the hidden one is not displayed.
    return (
      <div ref={box} className="flex h-full min-h-0 w-full flex-col" data-layout="stacked">
        <div role="tablist" aria-label="Editor panes" className="flex shrink-0 border-b border-zinc-200">
          {labels.map((label, i) => (
            <button
              key={label}
              type="button"
              role="tab"
              aria-selected={shown === i}
              onClick={() => setShown(i as 0 | 1)}
              className="flex-1 border-b-2 border-transparent px-3 py-1.5 text-xs text-zinc-600 aria-selected:border-brand-600 aria-selected:font-medium aria-selected:text-zinc-900"
            >
              {label}
            </button>
          ))}
        </div>
        <div className={`min-h-0 flex-1 ${shown === 0 ? "" : "hidden"}`}>{left}</div>
        <div className={`min-h-0 flex-1 ${shown === 1 ? "" : "hidden"}`}>{right}</div>
      </div>
    );
  }

  return (
    <div ref={box} className="flex h-full min-h-0 w-full" data-layout="side-by-side">
      <div className="min-w-0" style={{ width: `${pct}%` }}>{left}</div>
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize panes"
        aria-valuenow={Math.round(pct)}
        aria-valuemin={20}
        aria-valuemax={80}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={(e) => {
          if (e.key === "ArrowLeft") setPct((p) => clamp(p - 2));
          if (e.key === "ArrowRight") setPct((p) => clamp(p + 2));
        }}
        className="group relative w-1.5 shrink-0 cursor-col-resize bg-zinc-200 hover:bg-brand-500 focus-visible:bg-brand-500"
      />
      <div className="min-w-0 flex-1">{right}</div>
    </div>
  );
}
