"use client";

// Monaco touches `window` when it loads, so the editor renders in the browser only.
import dynamic from "next/dynamic";
import type { EnvironmentEditorProps } from "./environment-editor";

const EnvironmentEditor = dynamic(() => import("./environment-editor"), {
  ssr: false,
  loading: () => (
    <div className="flex h-[calc(100vh-13.5rem)] min-h-[420px] items-center justify-center rounded-lg border border-zinc-200 bg-white text-sm text-zinc-500">
      Loading editor…
    </div>
  ),
});

export function EnvironmentEditorLoader(props: EnvironmentEditorProps) {
  return <EnvironmentEditor {...props} />;
}
