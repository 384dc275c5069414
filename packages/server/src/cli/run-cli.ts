import { complain, say } from './command.js';
import { commands } from './commands.js';
import { serveCommand } from './serve.js';
import { versionCommand } from './version.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: parley <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Without a command, parley serves (parley --port 8080 is parley serve --port 8080).',
    '`parley <command> --help` tells more about each.',
  ].join('\n');
}

/** `parley [command] [args]`: picks the command and exits with its code. */
export async function runCli(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') return versionCommand.run(rest);
  if (first === 'help' || ((first === '--help' || first === '-h') && rest.length === 0)) {
    say(overview());
    return 0;
  }
  if (first === undefined || first.startsWith('-')) return serveCommand.run(argv);
  const command = commands.find((c) => c.name === first);
  if (!command) {
    complain(`Unknown command "${first}"; run parley --help to see the commands.`);
    return 2;
  }
  return command.run(rest);
}

/** Runs the command line and exits with its code; a bug is printed with its stack. */
export function runAndExit(argv: string[]): void {
  runCli(argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      complain(`failed: ${(error as Error).stack ?? String(error)}`);
      process.exit(1);
    },
  );
}
