#!/usr/bin/env node
// `npm start`, `node packages/server/dist/main.js` and `npx parley` all enter here.
import { runAndExit } from './cli/run-cli.js';

runAndExit(process.argv.slice(2));
