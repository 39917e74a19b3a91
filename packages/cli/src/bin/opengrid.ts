#!/usr/bin/env node
import { buildOpengridProgram } from '../opengrid-program.js';

await buildOpengridProgram().parseAsync(process.argv);
