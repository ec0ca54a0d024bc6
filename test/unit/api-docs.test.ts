import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSocketSection, withSection } from '../../scripts/socket-docs.ts';

describe('docs/api.md', () => {
  const markdown = readFileSync('docs/api.md', 'utf8');

  it('documents the socket payloads exactly as the schemas define them (run `npm run docs:api` after changing one)', () => {
    expect(withSection(markdown)).toBe(markdown);
  });

  it('the generated tables follow the schemas: the snapshot has mode and audience, the ack its two forms', () => {
    const section = renderSocketSection();
    expect(section).toContain('| `mode` | "test" \\| "live" | yes |');
    expect(section).toContain('| `audience` | int | no |');
    expect(section).toContain('| `recovered` | boolean | yes |');
    expect(section).toMatch(/\| `ok` \| false \| yes \|/);
  });
});
