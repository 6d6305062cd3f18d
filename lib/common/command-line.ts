// The one line a teammate pastes: npx fetches the CLI tarball from this console and runs it with
// a run token. Pure: used by the console (server and dialog) and by `ferry env share`.

/** POSIX-shell quoting: words made of safe characters stay bare, anything else is single-quoted. */
export function shellQuote(word: string): string {
  if (word !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Splits a command typed in a form into argv: whitespace separates, quotes group, no expansion. */
export function splitCommand(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && (text[i + 1] === '"' || text[i + 1] === "\\")) cur += text[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`the command has an unclosed ${quote} quote`);
  if (inWord) out.push(cur);
  return out;
}

export interface RunLineInput {
  /** the console's public URL, no trailing slash */
  baseUrl: string;
  token: string;
  /** org/project/env */
  environment: string;
  command?: string[];
}

/** `npx -y <url>/cli/ferry.tgz run --token … org/project/env -- cmd args` */
export function runCommandLine({ baseUrl, token, environment, command }: RunLineInput): string {
  // Without a pre-filled command the line ends with `--`: the teammate types the command after it.
  const words = ["npx", "-y", `${baseUrl}/cli/ferry.tgz`, "run", "--token", token, environment, "--", ...(command ?? [])];
  return words.map(shellQuote).join(" ");
}
