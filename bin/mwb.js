#!/usr/bin/env node
// The `mwb` command. Runs the TypeScript core directly through tsx's loader, so `npx mwb` works
// right after `npm install` without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/main.ts');
