// The few shell forms the esc transcripts use: one list per line of commands joined by `&&` and
// `||`, optionally in a `( … )` subshell; `echo … | esc …` (stdin), `echo … >file`, `exit N`;
// words in single or double quotes or with backslash escapes. Anything else (other pipes and
// redirections, variables, substitutions) is refused by name, so the runner skips that
// transcript with a reason instead of running something other than what it says.

export interface Command {
  words: string[];
  /** `echo …` piped into this command */
  stdin?: string;
  /** `echo … >file` */
  redirect?: string;
}

export interface Step {
  /** how this command joins the previous one (the first has none) */
  op?: "&&" | "||";
  command: Command;
}

export interface Line {
  steps: Step[];
  /** `( … )`: an `exit` ends only the subshell */
  subshell: boolean;
}

export class UnsupportedShell extends Error {}

type Token = { word: string } | { op: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let cur: string | undefined;
  const push = () => {
    if (cur !== undefined) out.push({ word: cur });
    cur = undefined;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === " " || c === "\t") push();
    else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end === -1) throw new UnsupportedShell("an unterminated single quote");
      cur = (cur ?? "") + src.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      for (; j < src.length && src[j] !== '"'; j++) {
        if (src[j] === "\\" && j + 1 < src.length && '"\\$`'.includes(src[j + 1])) text += src[++j];
        else if (src[j] === "$" || src[j] === "`") throw new UnsupportedShell("an expansion inside double quotes");
        else text += src[j];
      }
      if (j >= src.length) throw new UnsupportedShell("an unterminated double quote");
      cur = (cur ?? "") + text;
      i = j;
    } else if (c === "\\") {
      if (i + 1 < src.length) cur = (cur ?? "") + src[++i];
    } else if ((c === "&" || c === "|") && src[i + 1] === c) {
      push();
      out.push({ op: c + c });
      i++;
    } else if ("|>()".includes(c)) {
      push();
      out.push({ op: c });
    } else if ("&;<$`{}#".includes(c)) {
      throw new UnsupportedShell(`the shell syntax "${c}"`);
    } else cur = (cur ?? "") + c;
  }
  push();
  return out;
}

function parseLine(src: string): Line {
  let tokens = tokenize(src);
  let subshell = false;
  const isOp = (t: Token | undefined, op: string) => !!t && "op" in t && t.op === op;
  if (isOp(tokens[0], "(") && isOp(tokens.at(-1), ")")) {
    subshell = true;
    tokens = tokens.slice(1, -1);
  }
  const steps: Step[] = [];
  let op: Step["op"];
  let words: string[] = [];
  let stdin: string | undefined;
  let redirect: string | undefined;
  const finish = () => {
    if (words.length === 0) throw new UnsupportedShell("an empty command");
    steps.push({ ...(op ? { op } : {}), command: { words, ...(stdin !== undefined ? { stdin } : {}), ...(redirect ? { redirect } : {}) } });
    [words, stdin, redirect] = [[], undefined, undefined];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if ("word" in t) words.push(t.word);
    else if (t.op === "&&" || t.op === "||") {
      finish();
      op = t.op;
    } else if (t.op === "|") {
      if (words[0] !== "echo" || stdin !== undefined) throw new UnsupportedShell("a pipe from something other than echo");
      stdin = words.slice(1).join(" ") + "\n";
      words = [];
    } else if (t.op === ">") {
      const file = tokens[++i];
      if (words[0] !== "echo" || !file || !("word" in file) || file.word.includes("/")) throw new UnsupportedShell("a redirection other than echo >file");
      redirect = file.word;
    } else throw new UnsupportedShell(`the shell syntax "${t.op}"`);
  }
  finish();
  return { steps, subshell };
}

export function parseScript(script: string): Line[] {
  return script
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map(parseLine);
}
