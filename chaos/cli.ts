import { formatReport, isClean, runChaos } from './run-chaos.js';

// `npm run chaos [-- --restarts N --clients N --rooms N --interval MS]`
const args = new Map<string, number>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const name = argv[i]?.replace(/^--/, '');
  const value = Number(argv[i + 1]);
  if (!name || !Number.isInteger(value) || value < 1) {
    process.stderr.write('usage: npm run chaos -- [--restarts N] [--clients N] [--rooms N] [--interval MS]\n');
    process.exit(2);
  }
  args.set(name, value);
}

const report = await runChaos({
  restarts: args.get('restarts') ?? 25,
  clients: args.get('clients') ?? 8,
  rooms: args.get('rooms') ?? 4,
  sendIntervalMs: args.get('interval') ?? 20,
  minUpMs: 150,
  maxUpMs: 900,
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`\n${formatReport(report)}\n\n${isClean(report) ? 'PASS: no acknowledged message lost, none duplicated, no gap.' : 'FAIL'}\n`);
process.exit(isClean(report) ? 0 : 1);
