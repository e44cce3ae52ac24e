#!/usr/bin/env node
// The installed command: runs the compiled CLI (built by `npm install` through the `prepare` script).
import { main } from '../dist/cli/main.js';

// Exit with the command's status even if a library left a handle open after an error (a half-started
// server, a database pool): a command that has said its last word must not hang.
process.exit(await main(process.argv.slice(2)));
