/**
 * Reads secrets (passwords, answers, codes, the vault passphrase) from stdin, never from the
 * command line, where any user of the machine could read them in the process list and the shell
 * history. On a terminal the prompt goes to stderr and nothing typed is echoed; from a pipe, each
 * secret is the next line.
 */
import { createInterface } from 'node:readline';

export interface SecretReader {
  /** True when a person is typing (prompts are shown, confirmations can be asked). */
  readonly tty: boolean;
  /** The next secret; `echo` shows what is typed (for non-secret answers like a question id). */
  ask(prompt: string, options?: { echo?: boolean }): Promise<string>;
  close(): void;
}

export function createSecretReader(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): SecretReader {
  return input.isTTY ? ttyReader(input, output) : pipeReader(input);
}

function pipeReader(input: NodeJS.ReadStream): SecretReader {
  const lines: string[] = [];
  const waiting: Array<(line: string | null) => void> = [];
  let ended = false;
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  rl.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w(null);
  });
  return {
    tty: false,
    async ask(prompt) {
      const line =
        lines.shift() ?? (ended ? null : await new Promise<string | null>((r) => waiting.push(r)));
      // The prompt names what was missing; the input itself is never repeated.
      if (line === null) throw new Error(`stdin ended before: ${prompt.replace(/:\s*$/, '')}`);
      return line;
    },
    close: () => rl.close(),
  };
}

function ttyReader(input: NodeJS.ReadStream, output: NodeJS.WriteStream): SecretReader {
  return {
    tty: true,
    ask(prompt, options = {}) {
      if (options.echo) {
        const rl = createInterface({ input, output });
        return new Promise((resolve) =>
          rl.question(prompt, (answer) => {
            rl.close();
            resolve(answer);
          }),
        );
      }
      return readHidden(input, output, prompt);
    },
    close: () => input.pause(),
  };
}

/** Raw mode, so the terminal echoes nothing; Enter ends, Backspace edits, Ctrl-C aborts. */
function readHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream, prompt: string) {
  output.write(prompt);
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
