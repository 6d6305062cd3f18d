"use client";

/** A one-line outcome under the toolbar: saved, cancelled, or why something failed. */
export interface Notice {
  tone: "error" | "ok";
  text: string;
}

export function EditorNotice({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  return (
    <div role={notice.tone === "error" ? "alert" : "status"} className={`px-3 py-1.5 text-xs ${notice.tone === "error" ? "bg-red-50 text-red-800" : "bg-emerald-50 text-emerald-800"}`}>
      {notice.text}
    </div>
  );
}
