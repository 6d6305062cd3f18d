import { createInterface } from "node:readline";

/** Reads one line from the terminal; with `hidden`, typed characters are not echoed. */
export function promptLine(question: string, hidden = false): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: !!process.stdin.isTTY });
    if (hidden && process.stdin.isTTY) {
      const w = rl as unknown as { _writeToOutput?: (s: string) => void };
      w._writeToOutput = (s: string) => {
        if (s.includes(question)) process.stderr.write(question);
        else if (s.includes("\n") || s.includes("\r")) process.stderr.write("\n");
      };
    }
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer.trim());
    });
    rl.on("close", () => {
      if (!answered) resolve(undefined);
    });
  });
}
