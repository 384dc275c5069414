#!/usr/bin/env node
// The `parley` command (npx parley): the compiled server's command line.
import '../dist/main.js';
