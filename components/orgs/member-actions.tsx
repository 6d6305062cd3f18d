"use client";

import { changeRoleAction, removeMemberAction } from "@/app/(console)/[org]/-/members/actions";
import { useFormAction } from "@/components/ui/use-form-action";
import type { TRole } from "@/lib/orgs/schema";

/** Role select and remove button on a member's row (admins), or "Leave" on one's own row. */
export function MemberActions({ org, email, role, isSelf, isAdmin }: { org: string; email: string; role: TRole; isSelf: boolean; isAdmin: boolean }) {
  const change = useFormAction(changeRoleAction.bind(null, org));
  const remove = useFormAction(removeMemberAction.bind(null, org));
  const error = [change.state, remove.state].find((s) => s.status === "error");
  return (
    <div className="flex items-center justify-end gap-2">
      {isAdmin && (
        <form onSubmit={change.onSubmit} className="inline">
          <input type="hidden" name="email" value={email} />
          <select
            name="role"
            aria-label={`Role of ${email}`}
            defaultValue={role}
            disabled={change.pending}
            onChange={(e) => e.currentTarget.form?.requestSubmit()}
            className="rounded border border-zinc-300 bg-white px-1.5 py-0.5 text-xs"
          >
            <option value="member">member</option>
            <option value="admin">admin</option>
          </select>
        </form>
      )}
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
      {error?.status === "error" && <span role="alert" className="text-xs text-red-600">{error.message}</span>}
    </div>
  );
}
