// Pages call lib/<domain> functions; a "not found" from the domain becomes Next's not-found
// page, so another organization's resources look exactly like missing ones.
import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "../errors";

export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
}
