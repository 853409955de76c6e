// The version rule (scripts/release/versioning.mjs): hand-written cases for 0.x and for ≥ 1.0.
import { describe, expect, it } from 'vitest';
import { checkBump, parseVersion } from '../../scripts/release/versioning.mjs';

describe('the version rule', () => {
  it.each([
    // previous, next, breaking API change?, problem expected?
    ['0.1.0', '0.2.0', true, undefined],
    ['0.1.0', '0.1.1', false, undefined],
    ['0.1.0', '0.2.0', false, undefined],
    ['1.2.3', '2.0.0', true, undefined],
    ['1.2.3', '1.2.4', false, undefined],
    ['1.2.3', '1.3.0', false, undefined],
    ['0.9.1', '1.0.0', true, undefined],
    ['0.1.0', '0.1.1', true, '0.1.0 → 0.1.1 is a patch bump, but there are breaking API changes since 0.1.0: it needs a minor bump (at least 0.2.0)'],
    ['1.2.3', '1.3.0', true, '1.2.3 → 1.3.0 is a minor bump, but there are breaking API changes since 1.2.3: it needs a major bump (at least 2.0.0)'],
    ['0.1.0', '0.1.0', false, 'version 0.1.0 is not above the last release 0.1.0: it needs at least 0.1.1'],
    ['0.2.0', '0.1.5', true, 'version 0.1.5 is not above the last release 0.2.0: it needs at least 0.3.0'],
  ])('%s → %s (breaking: %s)', (previous, next, breaking, problem) => {
    expect(checkBump(previous, next, breaking).problem).toBe(problem);
  });

  it('reads tags and pre-releases, and names what is not a version', () => {
    expect(parseVersion('v1.0.0-rc.1')).toEqual({ major: 1, minor: 0, patch: 0, text: '1.0.0-rc.1' });
    expect(() => parseVersion('next')).toThrow('"next" is not a version (expected MAJOR.MINOR.PATCH, e.g. 0.2.0)');
  });
});
