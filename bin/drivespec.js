#!/usr/bin/env node
// Installed packages run the compiled CLI; `npm run` scripts in this repository use tsx instead.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
