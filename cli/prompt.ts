import { openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReadStream, WriteStream } from 'node:tty';
import type { CliRuntime, InputStream, OutputStream } from './runtime';
import { CommandFailedError } from './usage-error';

/**
 * Where a person can be asked: a terminal's input and the stream the question goes to (standard
 * error, so that standard output stays data, or the controlling terminal itself). A {@link CliRuntime}
 * is one.
 */
export interface PromptIo {
  readonly stdin: InputStream;
  readonly stderr: OutputStream;
}

/**
 * Asks a person one question on the terminal. Ctrl-C or Ctrl-D cancels with a one-line error. Callers
 * check {@link isInteractive} (or open the controlling terminal) first: orgmfa never prompts when no
 * one can answer.
 */
export function ask(io: PromptIo, question: string): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    // Ctrl-C or Ctrl-D: end the prompt's line, so the error that follows starts on its own.
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      if (answered) return;
      io.stderr.write('\n');
      reject(new CommandFailedError('cancelled; nothing was changed'));
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer.trim());
    });
  });
}

/** Six digits, spaces allowed between them (apps show `123 456`). */
const SIX_DIGITS = /^\d{6}$/;

/**
 * Asks for a six-digit code until the answer is one: a typo (a letter, five digits) asks again rather
 * than ending the command. The answer is never echoed back in the message.
 */
export async function askCode(io: PromptIo, question: string): Promise<string> {
  for (;;) {
    const code = (await ask(io, question)).replace(/\s/g, '');
    if (SIX_DIGITS.test(code)) return code;
    io.stderr.write('that is not six digits: type the code your app shows now\n');
  }
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
export async function choose(io: PromptIo, title: string, choices: readonly string[]): Promise<string> {
  io.stderr.write(`${title}\n${choices.map((choice, i) => `  ${i + 1}) ${choice}`).join('\n')}\n`);
  for (;;) {
    const answer = await ask(io, `Choose 1-${choices.length}: `);
    const index = /^\d+$/.test(answer) ? Number(answer) - 1 : -1;
    if (index >= 0 && index < choices.length) return choices[index]!;
    io.stderr.write(`"${answer}" is not a number from 1 to ${choices.length}\n`);
  }
}

/** The controlling terminal, opened for one conversation; `close` releases it. */
export interface ControllingTerminal extends PromptIo {
  close(): void;
}

/**
 * Opens `/dev/tty`, the terminal of the person who started the process even when its standard
 * streams are pipes (the AWS CLI and SDKs run `credential_process` with standard output and error
 * captured, so a question there would never be seen). Undefined when the process has no controlling
 * terminal (a CI job, a daemon) or the system has no `/dev/tty`. Two descriptors, one per direction,
 * so that closing one stream never closes the other's.
 */
export function openControllingTerminal(): ControllingTerminal | undefined {
  let input: ReadStream | undefined;
  try {
    input = new ReadStream(openSync('/dev/tty', 'r'));
    const output = new WriteStream(openSync('/dev/tty', 'w'));
    return {
      stdin: input,
      stderr: output,
      close: () => {
        input!.destroy();
        output.destroy();
      },
    };
  } catch {
    input?.destroy();
    return undefined;
  }
}
