import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT } from '../helpers';

/**
 * The layer rules of eslint.config.js catch what they are for: each case is
 * a module that breaks one rule, linted by the real ESLint as if it lived at
 * its path. ESLint runs in a child process: it loads its config with a
 * dynamic import, which jest's module system cannot run.
 */
const CASES: Record<string, { path: string; source: string }> = {
  'config imports an output': {
    path: 'lib/config/violation.ts',
    source: "import { renderIamPolicies } from '../iam/policy-files';\nexport const render = renderIamPolicies;\n",
  },
  'check imports the config': {
    path: 'lib/check/violation.ts',
    source: "import { loadConfig } from '../config/load';\nexport const load = loadConfig;\n",
  },
  'library code imports the CLI': {
    path: 'lib/synth/violation.ts',
    source: "import { EXIT } from '../cli/exit-codes';\nexport const codes = EXIT;\n",
  },
  "an approach's config part imports its constructs": {
    path: 'lib/approaches/pod-csi/config/violation.ts',
    source: "import { S3PersistentVolume } from '../constructs/s3-persistent-volume';\nexport const volume = S3PersistentVolume;\n",
  },
  "an approach's constructs import its chart": {
    path: 'lib/approaches/node-daemonset/constructs/violation.ts',
    source: "import { NodeMountChart } from '../chart';\nexport const chart = NodeMountChart;\n",
  },
  'one output format imports another': {
    path: 'lib/helm/violation.ts',
    source: "import { renderGitOps } from '../gitops/render';\nexport const render = renderGitOps;\n",
  },
  // lib/config/rules.ts imports ./resolve: resolve importing rules closes a cycle.
  'an import cycle': {
    path: 'lib/config/resolve.ts',
    source: "import { checkConfigRules } from './rules';\nexport const check = checkConfigRules;\n",
  },
  'an import downwards': {
    path: 'lib/synth/allowed.ts',
    source: "import { loadConfig } from '../config/load';\nexport const load = loadConfig;\n",
  },
};

const LINT_CASES = `
const { ESLint } = require('eslint');
const cases = JSON.parse(process.argv[1]);
(async () => {
  const eslint = new ESLint();
  const found = {};
  for (const [name, { path, source }] of Object.entries(cases)) {
    const [result] = await eslint.lintText(source, { filePath: path });
    found[name] = result.messages.map((m) => m.ruleId ?? m.message);
  }
  process.stdout.write(JSON.stringify(found));
})();
`;

let ruleIds: Record<string, string[]>;

beforeAll(() => {
  const result = spawnSync(process.execPath, ['-e', LINT_CASES, JSON.stringify(CASES)], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`eslint failed: ${result.stderr}`);
  ruleIds = JSON.parse(result.stdout);
}, 120_000);

describe('eslint layer rules', () => {
  test.each([
    'config imports an output',
    'check imports the config',
    'library code imports the CLI',
    "an approach's config part imports its constructs",
    "an approach's constructs import its chart",
    'one output format imports another',
  ])('refuse: %s', (name) => {
    expect(ruleIds[name]).toEqual(['import/no-restricted-paths']);
  });

  test('refuse an import cycle', () => {
    expect(ruleIds['an import cycle']).toEqual(['import/no-cycle']);
  });

  test('allow an import downwards', () => {
    expect(ruleIds['an import downwards']).toEqual([]);
  });
});

describe('layers.config.js', () => {
  const { LAYERS } = require('../../layers.config.js') as { LAYERS: Array<{ name: string; files: string[] }> };

  /** `*` matches one path segment, a trailing `/**` everything under the folder; the rest is literal. */
  function matches(pattern: string, file: string): boolean {
    const literal = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+');
    const regex = pattern.endsWith('/**') ? `^${literal(pattern.slice(0, -3))}/.+$` : `^${literal(pattern)}$`;
    return new RegExp(regex).test(file);
  }

  function sourceFiles(dir: string): string[] {
    return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'));
  }

  test('puts every shipped source file in exactly one layer, so none escapes the rules', () => {
    const files = [...sourceFiles('lib'), ...sourceFiles('charts'), ...sourceFiles('imports'), 'main.ts'];
    const misplaced = files
      .map((file) => ({
        file,
        layers: LAYERS.filter((layer) => layer.files.some((pattern) => matches(pattern, file))).map((l) => l.name.split(':')[0]),
      }))
      .filter(({ layers }) => layers.length !== 1);
    expect(misplaced).toEqual([]);
  });
});
