"use client";

import type { FormAction } from "@/lib/actions/idle";
import { useEffect, useState } from "react";
import { useFormAction } from "@/components/ui/use-form-action";
import type { TRole } from "@/lib/orgs/schema";

/** An admin's control for a member's role; a refused change snaps back to the real role. */
export function MemberRoleSelect({ action, email, role }: { action: FormAction<string>; email: string; role: TRole }) {
  const change = useFormAction(action);
  const [value, setValue] = useState(role);
  useEffect(() => setValue(role), [role, change.state]);
  return (
    <div className="flex flex-col gap-0.5">
      <form onSubmit={change.onSubmit} className="inline">
        <input type="hidden" name="email" value={email} />
        <select
          name="role"
          aria-label={`Role of ${email}`}
          value={value}
          disabled={change.pending}
          onChange={(e) => {
            setValue(e.target.value as TRole);
            e.currentTarget.form?.requestSubmit();
          }}
          className="rounded border border-zinc-300 bg-white px-1.5 py-0.5 text-xs"
        >
          <option value="member">member</option>
          <option value="admin">admin</option>
        </select>
      </form>
      {change.state.status === "error" && <span role="alert" className="text-xs text-red-600">{change.state.message}</span>}
    </div>
  );
}

/** "Remove" on a member's row (admins), or "Leave" on one's own row. */
export function MemberActions({ action, org, email, isSelf, isAdmin }: { action: FormAction<string>; org: string; email: string; isSelf: boolean; isAdmin: boolean }) {
  const remove = useFormAction(action);
  return (
    <div className="flex items-center justify-end gap-2">
      {(isAdmin || isSelf) && (
        <form
          className="inline"
          onSubmit={(e) => {
            const question = isSelf ? `Leave ${org}? You will lose access to its environments.` : `Remove ${email} from ${org}? Their run commands stop working.`;
            if (!window.confirm(question)) {
              e.preventDefault();
              return;
            }
            remove.onSubmit(e);
          }}
        >
          <input type="hidden" name="email" value={email} />
          {isSelf && <input type="hidden" name="self" value="1" />}
          <button type="submit" disabled={remove.pending} className="text-xs text-zinc-500 hover:text-red-600">
            {isSelf ? "Leave" : "Remove"}
          </button>
        </form>
      )}
      {remove.state.status === "error" && <span role="alert" className="text-xs text-red-600">{remove.state.message}</span>}
    </div>
  );
}
