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
