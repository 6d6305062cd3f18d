// JSON answers for route handlers: AppErrors become { code, message } with their status;
// anything else is logged with a reference and answered generically.
import { NextResponse } from "next/server";
import { HTTP_STATUS, isAppError } from "../errors";
import { unexpectedError } from "../actions/action-state";

export function jsonError(e: unknown): NextResponse {
  if (isAppError(e)) return NextResponse.json({ code: e.code, message: e.message, fields: e.fields }, { status: HTTP_STATUS[e.code] });
  const { message } = unexpectedError(e);
  return NextResponse.json({ code: "internal", message }, { status: 500 });
}

/** Reads a JSON body of at most `limit` bytes. */
export async function readJson(req: Request, limit = 2 * 1024 * 1024): Promise<unknown> {
  const { AppError } = await import("../errors");
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw new AppError("payload_too_large", `The request body is larger than ${limit / 1024 / 1024} MiB.`);
  const text = await req.text();
  if (text.length > limit) throw new AppError("payload_too_large", `The request body is larger than ${limit / 1024 / 1024} MiB.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The request body is not valid JSON.");
  }
}
