#!/usr/bin/env node
// Runs the TypeScript entry point through tsx, so `npx opengrid` works straight after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin/opengrid.ts');
