"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

export function CompareForm({ base, revisions }: { base: string; revisions: number[] }) {
  const router = useRouter();
  const [from, setFrom] = useState(String(revisions[1] ?? revisions[0] ?? 1));
  const [to, setTo] = useState(String(revisions[0] ?? 1));
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        router.push(`${base}/compare/${from}...${to}`);
      }}
    >
      <label className="flex-1 text-xs text-zinc-600">
        From
        <select aria-label="Compare from" value={from} onChange={(e) => setFrom(e.target.value)} className={inputClass}>
          {revisions.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <label className="flex-1 text-xs text-zinc-600">
        To
        <select aria-label="Compare to" value={to} onChange={(e) => setTo(e.target.value)} className={inputClass}>
          {revisions.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <Button type="submit" variant="secondary">Compare</Button>
    </form>
  );
}
