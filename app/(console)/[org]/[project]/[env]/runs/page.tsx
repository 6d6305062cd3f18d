import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listRunTokens } from "@/lib/runs/run-tokens";
import { orNotFound } from "@/lib/next/page-data";
import { isAppError } from "@/lib/errors";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { RunTokenList } from "@/components/runs/run-token-list";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";
import { revokeRunTokenAction } from "./actions";

export const metadata: Metadata = { title: "Run commands" };

export default async function RunCommandsPage({ params }: { params: EnvironmentParams }) {
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  let tokens;
  try {
    tokens = await orNotFound(listRunTokens(actor, ref));
  } catch (e) {
    if (isAppError(e) && e.code === "forbidden") return <Alert>{e.message}</Alert>;
    throw e;
  }
  const active = tokens.filter((t) => t.status === "active").length;
  return (
    <Card
      title="Run commands"
      description={`One-shot lines created with “Copy run command”. ${active} active. Each redemption is listed with its address and CLI version.`}
    >
      {tokens.length === 0 ? (
        <EmptyState title="No run commands yet">Use “Copy run command” above to hand a teammate a line that runs a program with this environment.</EmptyState>
      ) : (
        <RunTokenList revoke={revokeRunTokenAction.bind(null, ref)} tokens={tokens} />
      )}
    </Card>
  );
}
