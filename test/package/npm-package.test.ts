import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { EXAMPLES, ROOT, snapshotDir, tempDir } from '../helpers';

/**
 * The package as a cdk8s user gets it: `npm pack`, installed with cdk8s and
 * constructs into a fresh TypeScript project, which compiles the README's
 * snippet under `strict` and synthesizes it. Dependencies come from npm's
 * cache (--prefer-offline), cdk8s and constructs from this repository's
 * node_modules. The build is `npm test`'s first step, so pack skips prepack.
 */

/** The "Use from your own cdk8s app" snippet of the README, as a user writes it. */
const USER_APP = `import { App } from 'cdk8s';
import { loadConfig, validateConfig, SparkS3Platform } from 'mountpoint-s3-spark';

const app = new App();
const config = loadConfig('platform.yaml');   // parsed, validated, defaults applied; throws ConfigError (with .problems) on bad input
new SparkS3Platform(app, 'platform', { config });   // any Construct scope: an App or the user's own Chart
app.synth();
`;

/** The README's snippet for a config with `environments`: one App per environment. */
const USER_ENVIRONMENTS_APP = `import { App } from 'cdk8s';
import { environmentConfigs, loadConfig, SparkS3Platform } from 'mountpoint-s3-spark';

for (const environment of environmentConfigs(loadConfig('platform.yaml'), 'platform.yaml')) {
  const app = new App({ outdir: \`cdk8s/\${environment.name}\` });
  new SparkS3Platform(app, 'platform', { config: environment.config });
  app.synth();
}
`;

const STRICT_TSCONFIG = {
  compilerOptions: { strict: true, target: 'ES2022', module: 'node16', types: [], outDir: 'out' },
  files: ['main.ts', 'environments.ts'],
};

const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

let work: string;
let project: string;
let packedFiles: string[];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return result;
}

function mustRun(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  work = tempDir('mps-package-');
  const [pack] = JSON.parse(mustRun('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  packedFiles = pack.files.map((f) => f.path);
  project = join(work, 'user-app');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-app', version: '1.0.0', private: true }));
  mustRun(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(work, pack.filename),
      `file:${join(ROOT, 'node_modules', 'cdk8s')}`,
      `file:${join(ROOT, 'node_modules', 'constructs')}`,
    ],
    project,
  );
  writeFileSync(join(project, 'main.ts'), USER_APP);
  writeFileSync(join(project, 'environments.ts'), USER_ENVIRONMENTS_APP);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG));
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  test('ships the compiled library with its declarations and the schema, and no tests or TypeScript sources', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'build/lib/index.js',
        'build/lib/index.d.ts',
        'build/schema.json',
        'bin/mountpoint-s3-spark.js',
        'build/cli.js',
        'build/cli.js.v8cache',
      ]),
    );
    expect(packedFiles.filter((path) => /(^|\/)test\/|\.test\.|(?<!\.d)\.ts$/.test(path))).toEqual([]);
  });

  test('the installed CLI is the bundle, and this Node takes its code cache', () => {
    expect.hasAssertions();
    const installed = join(project, 'node_modules', 'mountpoint-s3-spark');
    const script = `const { loadWithCodeCache } = require(${JSON.stringify(join(installed, 'build', 'lib', 'code-cache.js'))});
const { cacheUsed } = loadWithCodeCache(${JSON.stringify(join(installed, 'build', 'cli.js'))});
process.stdout.write(JSON.stringify({ cacheUsed }));`;
    expect(readFileSync(join(installed, 'bin', 'mountpoint-s3-spark.js'), 'utf8')).toContain("'build', 'cli.js'");
    expect(JSON.parse(mustRun(process.execPath, ['-e', script], project))).toEqual({ cacheUsed: true });
  });

  test("the installed CLI's synth packages the chart in a worker thread from the bundle, as it does in its own thread", () => {
    expect.hasAssertions();
    const synth = (mode: string) => {
      const out = join(work, `dist-worker-${mode}`);
      const summary = mustRun('npx', ['--no-install', 'mountpoint-s3-spark', 'synth', '--out', out, '--output', 'json'], project, {
        MOUNTPOINT_S3_SPARK_PACKAGE_WORKER: mode,
      });
      const steps = (JSON.parse(summary) as { steps: Array<{ name: string; thread: string }> }).steps;
      return { thread: steps.find((step) => step.name === 'package')?.thread, files: snapshotDir(out, true) };
    };
    const [inWorker, inMain] = [synth('always'), synth('never')];
    expect([inWorker.thread, inMain.thread]).toEqual(['worker', 'main']);
    expect(inWorker.files).toEqual(inMain.files);
  });

  test('the README snippet compiles under strict against the installed package', () => {
    const result = run(process.execPath, [TSC, '-p', '.'], project);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('its types are the config schema, not any: a wrong use of Config fails to compile', () => {
    const dir = join(project, 'typo');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'typo.ts'),
      "import { loadConfig } from 'mountpoint-s3-spark';\nexport const port: number = loadConfig('x').buckets[0].name;\n",
    );
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...STRICT_TSCONFIG, files: ['typo.ts'] }));
    const result = run(process.execPath, [TSC, '-p', '.', '--noEmit'], dir);
    expect(result.stdout).toMatch(/typo\.ts\(2,14\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });

  test('init writes a starter whose yaml-language-server line points at the installed schema.json', () => {
    const dir = join(project, 'init');
    mkdirSync(dir);
    mustRun('npx', ['--no-install', 'mountpoint-s3-spark', 'init', '--out', 'platform.yaml'], dir);
    const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(readFileSync(join(dir, 'platform.yaml'), 'utf8'));
    expect(modeline?.[1]).toBe('../node_modules/mountpoint-s3-spark/build/schema.json');
    const schemaFile = join(dir, modeline![1]);
    const exported = mustRun(process.execPath, ['-p', "JSON.stringify(require('mountpoint-s3-spark/schema.json'))"], project);
    expect(JSON.parse(readFileSync(schemaFile, 'utf8'))).toEqual(JSON.parse(exported));
  });

  test.each(EXAMPLES)('the user app synthesizes what `npx mountpoint-s3-spark synth` writes into manifests/ (%s)', (example) => {
    const dir = join(project, 'synth', example);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(ROOT, 'examples', example), join(dir, 'platform.yaml'));
    mustRun('npx', ['--no-install', 'mountpoint-s3-spark', 'synth', '--config', 'platform.yaml', '--out', 'dist'], dir);
    const environments = (yaml.load(readFileSync(join(dir, 'platform.yaml'), 'utf8')) as { environments?: Array<{ name: string }> })
      .environments;
    // With environments, synth writes DIR/<environment>/manifests and the user app one App per environment.
    const places = environments
      ? environments.map((e) => ({ cli: join('dist', e.name, 'manifests'), user: join('cdk8s', e.name) }))
      : [{ cli: join('dist', 'manifests'), user: 'cdk8s' }];
    mustRun(process.execPath, [join(project, 'out', environments ? 'environments.js' : 'main.js')], dir, { CDK8S_OUTDIR: 'cdk8s' });

    for (const place of places) {
      const cliCharts = readdirSync(join(dir, place.cli)).filter((f) => f.endsWith('.k8s.yaml'));
      // Under the construct `platform`, cdk8s names a chart's file `platform-<chart>-<hash>.k8s.yaml`.
      const userCharts = new Map(
        readdirSync(join(dir, place.user)).map((f) => [f.replace(/^platform-(.+)-[0-9a-f]{8}\.k8s\.yaml$/, '$1.k8s.yaml'), f]),
      );
      expect([...userCharts.keys()].sort()).toEqual(cliCharts.sort());
      for (const chart of cliCharts) {
        expect(readFileSync(join(dir, place.user, userCharts.get(chart)!), 'utf8')).toBe(readFileSync(join(dir, place.cli, chart), 'utf8'));
      }
    }
  });
});
