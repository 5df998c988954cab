// Removes build output so a stale file can never be mistaken for a fresh one.
import { rmSync } from 'node:fs';
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
