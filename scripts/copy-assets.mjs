#!/usr/bin/env node
// tsc compiles TypeScript only: the stylesheet and scripts the views serve are copied beside the output.
import { cpSync } from 'node:fs';

cpSync('src/views/assets', 'dist/views/assets', { recursive: true });
