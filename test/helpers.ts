import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { buildApp, chartsJson } from '../lib/app';
import { environmentConfigs } from '../lib/config/environments';
import { loadConfigText } from '../lib/config/load';
import { ConfigError } from '../lib/config/problems';
import { Config } from '../lib/config/schema';
import { plainYaml } from '../lib/helm/plain-yaml';
import { buildTokenizedApp, plainGroups } from '../lib/helm/tokenized-app';
import { RenderedFiles, toYaml } from '../lib/rendered-files';
import { STATE_DIR } from '../lib/synth/output-state';
import { synthesize } from '../lib/synth/synthesize';

export const ROOT = join(__dirname, '..');
export const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

export function tempDir(prefix = 'mps-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Every file under `dir` with its content, by path relative to `dir`;
 * synth's bookkeeping folder (.mountpoint-s3-spark/) only with `withState`.
 */
export function snapshotDir(dir: string, withState = false): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = join(sub, entry.name);
      if (path === STATE_DIR && !withState) continue;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return files;
}

export function readExample(name: string): string {
  return readFileSync(join(ROOT, 'examples', name), 'utf8');
}

export function exampleConfig(name: string): Config {
  return loadConfigText(readExample(name), name);
}

/** What an example synthesizes as: the example itself, or one of its environments. */
export interface ExampleTarget {
  /** `pod-csi.yaml`, or `environments.yaml (prod)` for an environment. */
  readonly label: string;
  readonly config: Config;
  readonly environment?: string;
}

/** Every config the examples synthesize: each example without environments, and each environment of the others. */
export function exampleTargets(): ExampleTarget[] {
  return EXAMPLES.flatMap((example) => {
    const config = exampleConfig(example);
    if (!config.environments) return [{ label: example, config }];
    return environmentConfigs(config, example).map(({ name, config: merged }) => ({
      label: `${example} (${name})`,
      config: merged,
      environment: name,
    }));
  });
}

/** The default example as plain data, to be changed by a test and validated again. */
export function defaultConfigData(): Record<string, any> {
  return yaml.load(readExample('node-daemonset.yaml')) as Record<string, any>;
}

/** The problem lines a config produces (`path: message`), or [] when it is valid. */
export function problemsOf(data: unknown): string[] {
  try {
    loadConfigText(yaml.dump(data), 'config.yaml');
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

/** Matches a problem line that begins with `text` (taken literally). */
export function startsWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
}

/** All objects a config synthesizes, parsed back from the rendered YAML. */
export function synthObjects(config: Config): K8sObject[] {
  const files = synthesize(config);
  return [...files.entries()]
    .filter(([path]) => path.endsWith('.k8s.yaml'))
    .flatMap(([, text]) => yaml.loadAll(String(text)) as K8sObject[]);
}

export function findObject(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the compiled CLI as a user would (requires `npm run build`). */
export function runCli(args: string[], cwd = ROOT): CliResult {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'mountpoint-s3-spark.js'), ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A rendered text file; fails the test when it is missing or binary. */
export function textFile(files: RenderedFiles, path: string): string {
  const content = files.get(path);
  if (typeof content !== 'string') throw new Error(`${path} is ${content === undefined ? 'not rendered' : 'binary'}`);
  return content;
}

/**
 * A binary unpacked into .tools/ by scripts/install-tools.js (npm's
 * pretest): a missing tool fails the test rather than skipping it.
 */
export function requireTool(name: 'helm' | 'kubectl'): string {
  const path = join(ROOT, '.tools', name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run install-tools\` (\`npm test\` runs it first)`);
  return path;
}

/** The application spec of a SparkApplication, or the template of a ScheduledSparkApplication. */
export function sparkSpec(app: K8sObject): any {
  return app.kind === 'ScheduledSparkApplication' ? app.spec.template : app.spec;
}

/** The pod template spec the Spark operator builds a driver or executor pod from. */
export function sparkPodSpec(app: K8sObject, role: 'driver' | 'executor'): any {
  return sparkSpec(app)[role].template.spec;
}

/** The Spark container of a role's pod template, with the S3 mounts. */
export function sparkContainer(app: K8sObject, role: 'driver' | 'executor'): any {
  return sparkPodSpec(app, role).containers[0];
}

/** The TypeScript sources under `dir` (its sub-folders included), by absolute path, without declaration files. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** mulberry32: a small seeded PRNG, so a generated input reproduces from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The manifests' objects as synth derives them (from the tokenized app, the
 * values put back) and as a build of the config itself gives them: by chart,
 * in cdk8s' order, as JSON, so key order counts too. They must be equal.
 */
export function manifestObjectsBothWays(config: Config): { derived: string; builtItself: string } {
  return {
    derived: JSON.stringify(plainGroups(config, buildTokenizedApp(config))),
    builtItself: JSON.stringify(chartsJson(buildApp(config)).map(({ chart, objects }) => ({ id: chart.node.id, objects }))),
  };
}

/**
 * The manifests' YAML by chart as synth writes it (from the tokenized app,
 * each value put back as it is written) and as `toYaml` writes the objects of
 * a build of the config itself. They must be equal, byte for byte.
 */
export function manifestYamlBothWays(config: Config): { written: string[]; builtItself: string[] } {
  return {
    written: plainYaml(config, buildTokenizedApp(config)).map(({ id, text }) => `${id}\n${text}`),
    builtItself: chartsJson(buildApp(config)).map(({ chart, objects }) => `${chart.node.id}\n${toYaml(...objects)}`),
  };
}
