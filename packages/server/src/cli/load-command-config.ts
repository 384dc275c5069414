import { ConfigError, loadConfig, type LoadedConfig, type LoadOptions } from '../config/read-config.js';
import { complain, say } from './command.js';

/**
 * Reads a command's options the way every `parley` command does: its usage for --help (exit 0),
 * every configuration problem at once (exit 2), else the loaded configuration. A number is the
 * exit code to return at once.
 */
export function loadCommandConfig(argv: string[], usage: string, options: LoadOptions = {}): LoadedConfig | number {
  let loaded;
  try {
    loaded = loadConfig(argv, process.env, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) complain(problem);
    return 2;
  }
  if (loaded === 'help') {
    say(usage);
    return 0;
  }
  return loaded;
}
