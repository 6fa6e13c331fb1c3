import { createInterface } from 'node:readline';
import type { CliRuntime } from './runtime';
import { CommandFailedError } from './usage-error';

/**
 * Asks a person one question on the terminal (the question goes to standard error, so standard output
 * stays data). Ctrl-C or Ctrl-D cancels with a one-line error. Callers check {@link isInteractive}
 * first: orgmfa never prompts when no one can answer.
 */
export function ask(runtime: CliRuntime, question: string): Promise<string> {
  const rl = createInterface({ input: runtime.stdin, output: runtime.stderr, terminal: true });
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    rl.on('SIGINT', () => {
      runtime.stderr.write('\n');
      rl.close();
    });
    rl.on('close', () => {
      if (!answered) reject(new CommandFailedError('cancelled; nothing was changed'));
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer.trim());
    });
  });
}

/** Reads the first line of standard input (`--code-stdin`); undefined when it is empty. */
export function readFirstLine(runtime: CliRuntime): Promise<string | undefined> {
  const rl = createInterface({ input: runtime.stdin, crlfDelay: Infinity, terminal: false });
  return new Promise<string | undefined>((resolve) => {
    let first: string | undefined;
    rl.once('line', (line) => {
      first = line.trim();
      rl.close();
    });
    rl.on('close', () => resolve(first));
  });
}

/**
 * Lets a person pick one of `choices` by number on the terminal; asks again after an answer that is
 * not one of the numbers.
 */
export async function choose(
  runtime: CliRuntime,
  title: string,
  choices: readonly string[],
): Promise<string> {
  runtime.stderr.write(`${title}\n${choices.map((choice, i) => `  ${i + 1}) ${choice}`).join('\n')}\n`);
  for (;;) {
    const answer = await ask(runtime, `Choose 1-${choices.length}: `);
    const index = /^\d+$/.test(answer) ? Number(answer) - 1 : -1;
    if (index >= 0 && index < choices.length) return choices[index]!;
    runtime.stderr.write(`"${answer}" is not a number from 1 to ${choices.length}\n`);
  }
}
