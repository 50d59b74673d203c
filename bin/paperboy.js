#!/usr/bin/env node
// The package ships TypeScript; tsx compiles it on the fly so `paperboy` works without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
