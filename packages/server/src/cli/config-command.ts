import { optionsUsage } from '../config/options.js';
import { ConfigError, loadConfig } from '../config/read-config.js';
import { describeConfig } from '../config/show-config.js';
import { complain, say, type Command } from './command.js';

const usage = `Usage: parley config check [options]

Reads the options as the server would (flags, environment, --config FILE, defaults), prints the
effective configuration with secrets masked, and lists every problem. Exits 1 if there is one.

Options:
${optionsUsage()}`;

export const configCommand: Command = {
  name: 'config',
  summary: 'config check: print the effective configuration (secrets masked) and every problem',
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'check') {
      if (sub === undefined || sub === '--help' || sub === '-h') {
        say(usage);
        return sub === undefined ? 2 : 0;
      }
      complain(`Unknown config command "${sub}"; the one there is: parley config check.`);
      return 2;
    }
    let loaded;
    try {
      loaded = loadConfig(rest, process.env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) complain(problem);
      complain(`${error.problems.length} problem${error.problems.length > 1 ? 's' : ''} found; Parley would not start with this configuration.`);
      return 1;
    }
    if (loaded === 'help') {
      say(usage);
      return 0;
    }
    say(describeConfig(loaded));
    say('The configuration is valid.');
    return 0;
  },
};
