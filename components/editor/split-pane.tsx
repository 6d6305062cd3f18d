"use client";

import { useCallback, useRef, useState, type ReactNode } from "react";

/** Two panes with a draggable (and keyboard-adjustable) divider. */
export function SplitPane({ left, right, initial = 55 }: { left: ReactNode; right: ReactNode; initial?: number }) {
  const [pct, setPct] = useState(initial);
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

  return (
    <div ref={box} className="flex h-full min-h-0 w-full">
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
        className="group relative w-1.5 shrink-0 cursor-col-resize bg-zinc-200 hover:bg-brand-500 focus-visible:bg-brand-500 dark:bg-zinc-700"
      />
      <div className="min-w-0 flex-1">{right}</div>
    </div>
  );
}
