export function TagChip({ name }: { name: string }) {
  const latest = name === "latest";
  return (
    <span className={`rounded-full px-1.5 py-px font-mono text-[11px] ${latest ? "bg-brand-50 text-brand-700" : "bg-amber-50 text-amber-800"}`}>
      {name}
    </span>
  );
}
