// Redocly CLI prints a Node 20 end-of-life box on every run under Node 20, with no setting to turn
// it off. Our scripts show Redocly's stderr only when a run fails: that text must be the failure.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { redoclyBin, redoclyEnv, redoclyOutput, root } from '../../scripts/spec/spec.mjs';

describe('redoclyOutput', () => {
  it("keeps Redocly's error and drops the Node end-of-life box", () => {
    const run = spawnSync(process.execPath, [redoclyBin, 'lint', 'no-such-spec.yaml'], { cwd: root, env: redoclyEnv, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    const shown = redoclyOutput(run.stderr);
    expect(shown).toMatch(/^no-such-spec\.yaml does not exist or is invalid\./);
    expect(shown).not.toMatch(/end-of-life|support is ending|╔/);
  });

  it('leaves output without the box as it is', () => {
    expect(redoclyOutput('spec/openapi.yaml: validated\n')).toBe('spec/openapi.yaml: validated');
  });
});
