import "server-only";
import { z } from "zod";
import type { RevisionDto } from "./environments";
import { DEFAULT_PROJECT, ZEnvironmentName, ZProjectName } from "../validation/names";
import { zWholeNumber } from "../validation/numbers";

/** Largest definition accepted, in bytes of UTF-8 (matches the language core's document limit). */
export const MAX_DEFINITION_BYTES = 1024 * 1024;
export const MAX_MESSAGE_LENGTH = 500;

export const ZDefinition = z
  .string({ message: "The definition must be text." })
  .refine((s) => new TextEncoder().encode(s).length <= MAX_DEFINITION_BYTES, {
    message: `A definition can be at most ${MAX_DEFINITION_BYTES / 1024} KiB.`,
  });

export const ZCreateEnvironment = z.object({
  project: z
    .string()
    .trim()
    .optional()
    .transform((p) => p || DEFAULT_PROJECT)
    .pipe(ZProjectName),
  name: ZEnvironmentName,
  yaml: ZDefinition.optional(),
});
export type TCreateEnvironment = z.infer<typeof ZCreateEnvironment>;

export const ZSaveDefinition = z.object({
  yaml: ZDefinition,
  message: z
    .string()
    .trim()
    .max(MAX_MESSAGE_LENGTH, `A message can be at most ${MAX_MESSAGE_LENGTH} characters.`)
    .optional()
    .transform((m) => m || undefined),
  /** the revision the user was editing; a different current revision means someone else saved */
  baseRevision: zWholeNumber("The base revision must be a revision number.")
    .pipe(z.number().nonnegative("The base revision must be a revision number.").max(2 ** 31 - 1, "The base revision must be a revision number."))
    .optional(),
});
export type TSaveDefinition = z.infer<typeof ZSaveDefinition>;

export const ZDeleteEnvironment = z.object({ confirm: z.string() });

/** org/project/env as it appears in URLs and references. */
export interface EnvironmentRef {
  org: string;
  project: string;
  name: string;
}

export const formatRef = (r: EnvironmentRef) => `${r.org}/${r.project}/${r.name}`;

export const DEFAULT_DEFINITION = `values:
  # Add configuration and secrets here, for example:
  # greeting: hello
  # apiKey:
  #   fn::secret: change-me
`;

/** What the editor's save answers: the stored text, a conflict with what is current, or why not. */
export type EditorSaveResult =
  | { status: "saved"; revision: RevisionDto; yaml: string }
  | { status: "conflict"; message: string; current: { revision: number; yaml: string; author: string | null } }
  | { status: "error"; message: string };
