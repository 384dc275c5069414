/**
 * One `parley` subcommand. Each lives in its own file under cli/ and is listed in commands.ts;
 * a family of subcommands (`parley config check`, `parley admin ...`) is one Command that
 * dispatches on its first argument.
 */
export interface Command {
  readonly name: string;
  /** One line for `parley --help`. */
  readonly summary: string;
  /** Runs with the arguments after the command's name; resolves with the exit code. */
  run(argv: string[]): Promise<number>;
}

/** What a command prints for its operator: one sentence a line, to stderr for problems. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function complain(line: string): void {
  process.stderr.write(`parley: ${line}\n`);
}
