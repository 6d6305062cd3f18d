// Shared shapes for the conformance runner (conformance/run.ts) and its per-suite modules
// (conformance/suites/*.ts). Each suite returns one CaseResult per case it ran.

export interface LevelResult {
  /** e.g. "1-json", "2-diags", "3-ranges", "bytes" */
  level: string;
  pass: boolean;
  /** compact diff shown after FAIL; omitted on PASS */
  detail?: string;
  /** informational levels are reported but do not decide whether the case passed */
  informational?: boolean;
}

export interface CaseResult {
  suite: "eval" | "parse" | "crypt" | "yaml-edit" | "cli";
  name: string;
  levels: LevelResult[];
  /** a case passes when every non-informational level passes */
  passed: boolean;
  /** why the case was not run (then `levels` is empty and it counts as neither passed nor failed) */
  skipped?: string;
}

export interface SuiteOptions {
  /** corpus root: the folder holding eval/, parse/, crypt/, yaml-edit/ */
  root: string;
  /** run only the case with this name (matched against `name`) */
  caseName?: string;
}

export type SuiteRunner = (opts: SuiteOptions) => Promise<CaseResult[]>;
