import { ApiObject, App, Chart } from 'cdk8s';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYaml } from '../../lib/rendered-files';
import { synthesize } from '../../lib/synth/synthesize';
import { gitOpsAnnotations } from '../../lib/sync-waves';
import {
  Config,
  ConfigChart,
  ConfigError,
  EnvironmentError,
  loadConfig,
  NodeMountChart,
  NodePoolsChart,
  PodCsiChart,
  SparkApplicationsChart,
  SparkS3Platform,
  TeamsChart,
  UsageError,
  validateConfig,
} from '../../lib';
import { defaultConfigData, EXAMPLES, exampleConfig, textFile, tempDir } from '../helpers';

/** The manifests/ chart files `synth` writes for a config, by chart id. */
function manifestsByChart(config: Config): Map<string, string> {
  const files = synthesize(config);
  return new Map(
    [...files.keys()]
      .filter((path) => path.endsWith('.k8s.yaml'))
      .map((path) => [path.slice('manifests/'.length, -'.k8s.yaml'.length), textFile(files, path)]),
  );
}

function chartYaml(chart: Chart): string {
  return toYaml(...chart.toJson());
}

describe('SparkS3Platform', () => {
  test.each(EXAMPLES)('in an App, gives the charts and objects of synth manifests/, byte for byte (%s)', (example) => {
    const config = exampleConfig(example);
    const platform = new SparkS3Platform(new App(), 'platform', { config });
    const expected = manifestsByChart(config);
    expect(platform.charts.map((chart) => chart.node.id)).toEqual([...expected.keys()]);
    for (const chart of platform.charts) expect(chartYaml(chart)).toBe(expected.get(chart.node.id));
  });

  test("inside the user's own chart, the user's namespace and labels stay on the user's objects", () => {
    const config = exampleConfig('pod-csi.yaml');
    const app = new App();
    const mine = new Chart(app, 'mine', { namespace: 'apps', labels: { team: 'platform' } });
    new ApiObject(mine, 'note', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'note' } });
    const platform = new SparkS3Platform(mine, 'platform', { config });
    const expected = manifestsByChart(config);

    for (const chart of platform.charts) expect(chartYaml(chart)).toBe(expected.get(chart.node.id));
    expect(mine.toJson()).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'note', namespace: 'apps', labels: { team: 'platform' } } },
    ]);
  });

  test('two platforms from two configs live side by side in one app', () => {
    const app = new App();
    new SparkS3Platform(app, 'jars', { config: exampleConfig('node-daemonset.yaml') });
    new SparkS3Platform(app, 'claims', { config: exampleConfig('pod-csi.yaml') });
    expect(app.charts.map((chart) => chart.node.path)).toEqual(expect.arrayContaining(['jars/teams', 'claims/teams', 'claims/pod-csi']));
  });
});

describe('the charts on their own', () => {
  const CHARTS: Array<[string, new (scope: App, id: string, props: { config: Config }) => ConfigChart]> = [
    ['teams', TeamsChart],
    ['node-daemonset', NodeMountChart],
    ['pod-csi', PodCsiChart],
    ['node-pools', NodePoolsChart],
    ['spark-applications', SparkApplicationsChart],
  ];
  const cases = EXAMPLES.flatMap((example) => CHARTS.map(([id, chart]) => [example, id, chart] as const));

  test.each(cases)('%s: new %s chart in a bare App carries the labels and sync waves synth writes', (example, id, ChartClass) => {
    const config = exampleConfig(example);
    const expected = manifestsByChart(config).get(id);
    const chart = new ChartClass(new App(), id, { config });
    if (expected === undefined) {
      // synth leaves out a chart the config gives nothing to do.
      expect(chart.toJson()).toEqual([]);
      return;
    }
    expect(chartYaml(chart)).toBe(expected);
  });

  test('every object of every chart is annotated with the sync order of its kind', () => {
    const objects = EXAMPLES.flatMap((example) =>
      new SparkS3Platform(new App(), 'platform', { config: exampleConfig(example) }).node.findAll().filter(ApiObject.isApiObject),
    );
    for (const object of objects) expect(object.metadata.toJson().annotations).toMatchObject(gitOpsAnnotations(object.kind));
  });
});

describe('validateConfig', () => {
  test('returns the config with every default applied', () => {
    const config = validateConfig(defaultConfigData());
    expect(config.nodeDaemonSet.namespace).toBe('mountpoint-s3');
    expect(config.cluster.kubernetesVersion).toBe('1.30');
  });

  test('leaves its argument as it was', () => {
    const data = defaultConfigData();
    const before = JSON.stringify(data);
    validateConfig(data);
    expect(JSON.stringify(data)).toBe(before);
  });

  test('throws a ConfigError listing every problem by field path, under the given name', () => {
    const data = defaultConfigData();
    data.buckets[0].prefix = 'no-slash';
    data.buckets[0].bucket = 'Not_A_Bucket';
    let error: unknown;
    try {
      validateConfig(data, 'platform.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe('platform.yaml');
    expect((error as ConfigError).problems.map((p) => p.path)).toEqual(['buckets[0].bucket', 'buckets[0].prefix']);
  });

  test.each([
    ['null', null],
    ['a string', 'apiVersion: x'],
    ['an array', [1, 2]],
  ])('refuses %s with a ConfigError', (_, data) => {
    expect(() => validateConfig(data)).toThrow(ConfigError);
  });

  test('refuses data that is not plain (a BigInt inside) with a ConfigError, not a crash', () => {
    const data = defaultConfigData();
    data.teams[0].name = 10n;
    expect(() => validateConfig(data)).toThrow(/^config: not plain data/);
  });

  test('refuses a Map, which a JSON copy would silently turn into {}, naming where it is', () => {
    const data = defaultConfigData();
    data.teams[0].nodeSelector = new Map([['pool', 'spark']]);
    expect(() => validateConfig(data)).toThrow(
      new ConfigError('config', [{ path: 'teams[0].nodeSelector', message: 'must be plain data (as YAML or JSON gives), not a Map' }]),
    );
  });

  test('refuses a Date, which a JSON copy would silently turn into a string, naming where it is', () => {
    const data = defaultConfigData();
    data.teams[0].name = new Date(0);
    expect(() => validateConfig(data)).toThrow(
      new ConfigError('config', [{ path: 'teams[0].name', message: 'must be plain data (as YAML or JSON gives), not a Date' }]),
    );
  });

  test('judges a "__proto__" key as a key, as parsing YAML or JSON does, instead of dropping it', () => {
    const data = defaultConfigData();
    data.teams[0].nodeSelector = JSON.parse('{"__proto__": "x"}');
    expect(() => validateConfig(data)).toThrow('config: teams[0].nodeSelector.__proto__: key "__proto__" is reserved');
  });
  test('refuses data nested too deeply to copy with a ConfigError, not a stack overflow', () => {
    const data: Record<string, unknown> = {};
    let level = data;
    for (let depth = 0; depth < 200_000; depth++) level = (level.next = {}) as Record<string, unknown>;
    expect(() => validateConfig(data)).toThrow(new ConfigError('config', [{ path: '', message: 'not plain data (nested too deeply)' }]));
  });
});

describe('loadConfig', () => {
  test('parses, validates and fills defaults from a file', () => {
    const file = join(tempDir(), 'platform.json');
    writeFileSync(file, JSON.stringify(defaultConfigData()));
    expect(loadConfig(file).nodeDaemonSet.name).toBe('mountpoint-s3');
  });

  test('a folder is refused with an EnvironmentError the package exports, so callers can tell it apart', () => {
    const folder = tempDir();
    let error: unknown;
    try {
      loadConfig(folder);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
  });

  test('a missing file is an error naming it', () => {
    const file = join(tempDir(), 'missing.yaml');
    expect(() => loadConfig(file)).toThrow(file);
  });

  /** What loadConfig throws for these arguments, as `Class: message`. */
  function thrownBy(...args: unknown[]): string {
    try {
      (loadConfig as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      return `${(error as Error).constructor.name}: ${(error as Error).message}`;
    }
    return 'nothing';
  }

  test('a path with a NUL character is a UsageError the package exports, not a TypeError of Node', () => {
    expect(thrownBy('a\0b.yaml')).toBe(
      'UsageError: the config file name "a\\u0000b.yaml" contains a NUL character, which no path can hold',
    );
    expect(() => loadConfig('a\0b.yaml')).toThrow(UsageError);
  });

  test.each([
    [42, '42'],
    [null, 'null'],
    [{ path: 'x.yaml' }, 'an object'],
  ])('a path that is no string (%p) is a UsageError', (file, shown) => {
    expect(thrownBy(file)).toBe(`UsageError: the config file must be a path (a string), not ${shown}`);
  });

  test('a BigInt size limit is a UsageError that names it as a BigInt, not as the number 64 it would seem to refuse', () => {
    const file = join(tempDir(), 'platform.json');
    writeFileSync(file, JSON.stringify(defaultConfigData()));
    expect(thrownBy(file, BigInt(64))).toBe('UsageError: the input size limit must be a positive number of MiB, not 64n (a BigInt)');
  });

  test('an empty path is a UsageError saying so, not a missing file without a name', () => {
    expect(thrownBy('')).toBe(
      'UsageError: the config file name is empty (an unset variable?); name a config file, or give none for the built-in default',
    );
  });

  test.each([NaN, -1, 0, Infinity, Number.MAX_VALUE, 1e303, '64'])(
    'an input size limit of %p is a UsageError, never a disabled limit',
    (maxMiB) => {
      const file = join(tempDir(), 'platform.json');
      writeFileSync(file, JSON.stringify(defaultConfigData()));
      expect(thrownBy(file, maxMiB)).toBe(
        `UsageError: the input size limit must be a positive number of MiB, not ${typeof maxMiB === 'string' ? '"64"' : maxMiB}`,
      );
    },
  );
});
