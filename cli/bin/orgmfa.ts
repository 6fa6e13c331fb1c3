#!/usr/bin/env node
/**
 * The `orgmfa` executable. The published package runs this file compiled to JavaScript
 * (dist/cli/bin/orgmfa.js); in the repository, tests and the demo run the TypeScript through tsx.
 */
import { main } from '../main';

// A reader that stops early (`orgmfa --help | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
