"use client";

import dynamic from "next/dynamic";

const placeholder = () => <div className="h-[55vh] rounded-md border border-zinc-200 bg-white p-4 text-sm text-zinc-500">Loading…</div>;

export const ReadOnlyDefinition = dynamic(() => import("./readonly-views").then((m) => m.ReadOnlyDefinition), { ssr: false, loading: placeholder });
export const DefinitionDiff = dynamic(() => import("./readonly-views").then((m) => m.DefinitionDiff), { ssr: false, loading: placeholder });
