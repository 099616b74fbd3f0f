import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderConfigurationDoc } from './config-docs.ts';

describe('docs/configuration.md', () => {
  it('matches the configuration schema (run npm run docs:config)', async () => {
    const onDisk = await readFile(new URL('../docs/configuration.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderConfigurationDoc());
  });
});
