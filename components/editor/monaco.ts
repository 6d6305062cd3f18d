"use client";

// Monaco from the local package, never a CDN (a self-hosted console must work offline), with
// only what the editor uses: the core API, the editor contributions (suggest, hover, find,
// folding, diff...) and YAML highlighting. Language services run in a module worker.
import * as monaco from "monaco-editor/editor/editor.api";
import "monaco-editor/features/register.all";
import "monaco-editor/languages/definitions/yaml/register";
import { loader } from "@monaco-editor/react";

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

if (typeof window !== "undefined" && !window.MonacoEnvironment) {
  window.MonacoEnvironment = {
    getWorker: () => new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module" }),
  };
  loader.config({ monaco });
  monaco.editor.defineTheme("ferry-light", {
    base: "vs",
    inherit: true,
    rules: [{ token: "type.yaml", foreground: "1a48ad" }],
    colors: { "editor.background": "#ffffff", "editorLineNumber.foreground": "#a1a1aa" },
  });
  monaco.editor.defineTheme("ferry-dark", {
    base: "vs-dark",
    inherit: true,
    rules: [],
    colors: { "editor.background": "#18181b" },
  });
}

export { monaco };
export type Monaco = typeof monaco;
