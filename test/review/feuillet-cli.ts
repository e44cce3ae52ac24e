// Runs the `feuillet` command from the sources (the tests of the review need no compiled build).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
