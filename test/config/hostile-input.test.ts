import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { defaultConfigData, readExample, ROOT, runCli, tempDir } from '../helpers';

/** Writes `text` as a config file in a fresh folder and returns its path. */
function configFile(text: string, name = 'platform.yaml'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

/** `validate` of a file, with a timeout so a hang fails the test instead of stalling it. */
function validate(file: string, ...flags: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'mountpoint-s3-spark.js'), 'validate', '--config', file, ...flags], {
    encoding: 'utf8',
    timeout: 20_000,
  });
}

/** Nine levels of nine aliases each: 9^9 strings once expanded, 500 bytes written. */
function billionLaughs(): string {
  const levels = 'abcdefghi'.split('');
  return levels
    .map(
      (name, i) =>
        `${name}: &${name} [${Array(9)
          .fill(i === 0 ? '"lol"' : `*${levels[i - 1]}`)
          .join(', ')}]`,
    )
    .join('\n');
}

describe('hostile config input ends in one line and exit 2, in seconds', () => {
  test('a billion-laughs alias bomb is refused before validation walks it', () => {
    expect.hasAssertions();
    const file = configFile(`apiVersion: mountpoint-s3-spark/v1alpha1\nkind: Config\nx:\n  ${billionLaughs().replace(/\n/g, '\n  ')}\n`);
    const result = validate(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `${file}: YAML aliases expand to more than 100,000 extra nodes; write the repeated parts out or use fewer aliases\n`,
    );
  });

  test('lists of aliases in real fields (40 KB that expand to millions of nodes) are refused the same way', () => {
    expect.hasAssertions();
    const data = defaultConfigData();
    const jars = Array.from({ length: 300 }, (_, i) => `jar-${i}.jar`);
    const text = `${yaml.dump({ ...data, sparkApplications: [] })}x: &jars [${jars.join(', ')}]\ny: &y [${Array(300).fill('*jars').join(', ')}]\nz: [${Array(300).fill('*y').join(', ')}]\n`;
    const result = validate(configFile(text));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/: YAML aliases expand to more than 100,000 extra nodes/);
  });

  test('an alias inside the node it refers to is refused', () => {
    expect.hasAssertions();
    const result = validate(configFile('a: &a [1, *a]\n'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/: a YAML alias refers to a node that contains it \(a recursive alias\)\n$/);
  });

  test('/dev/zero as the config is refused without reading it', () => {
    expect.hasAssertions();
    const result = validate('/dev/zero');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('mountpoint-s3-spark: /dev/zero: not a regular file (a FIFO, socket or device); give a file\n');
  });

  test('a FIFO named *.yaml as the config is refused without waiting for a writer', () => {
    expect.hasAssertions();
    const fifo = join(tempDir(), 'platform.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const result = validate(fifo);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`mountpoint-s3-spark: ${fifo}: not a regular file (a FIFO, socket or device); give a file\n`);
  });

  test('a config larger than --max-input-mib is refused; a higher limit reads it', () => {
    expect.hasAssertions();
    const file = configFile(`${readExample('node-daemonset.yaml')}${`# ${'x'.repeat(1022)}\n`.repeat(1536)}`);
    const refused = validate(file, '--max-input-mib', '1');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `mountpoint-s3-spark: ${file}: larger than 1 MiB; raise the limit with --max-input-mib if this is intended\n`,
    );
    expect(validate(file, '--max-input-mib', '2').status).toBe(0);
  });

  test('a config of two YAML documents is refused', () => {
    expect.hasAssertions();
    const file = configFile(`${readExample('node-daemonset.yaml')}---\n${readExample('pod-csi.yaml')}`);
    const result = validate(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${file}: a config is one YAML document; this file holds more than one (--- separates them)\n`);
  });
});

test('control characters from the input (a newline, a terminal escape) are printed escaped, one problem per line', () => {
  expect.hasAssertions();
  const file = configFile(`${readExample('node-daemonset.yaml')}"evil\\n\\u001b[2J": 1\n`);
  const result = validate(file);
  expect(result.status).toBe(2);
  expect(result.stderr).toBe(`${file}: "evil\\n\\u001b[2J": unknown key "evil\\u000a\\u001b[2J"\n`);
});

/** Every value stored under the own key `key` anywhere in `value`. */
function valuesUnder(value: unknown, key: string): unknown[] {
  if (value === null || typeof value !== 'object') return [];
  const own = Object.prototype.hasOwnProperty.call(value, key) ? [(value as Record<string, unknown>)[key]] : [];
  return [...own, ...Object.values(value).flatMap((child) => valuesUnder(child, key))];
}

describe('map keys JavaScript treats specially', () => {
  /** Adds an own key (an assignment of __proto__ would set the prototype instead). */
  function setKey(map: Record<string, unknown>, key: string, value: string): void {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  }

  /** The default example with `key` added to every map a user writes. */
  function withKeyEverywhere(key: string): string {
    const data = defaultConfigData();
    setKey(data.sparkApplications[0].sparkConf, key, 'x');
    setKey((data.sparkApplications[0].hadoopConf = {}), key, 'y');
    setKey(data.teams[0].nodeSelector, key, 'z');
    setKey((data.sparkApplications[0].driver.labels = {}), key, 'w');
    // JSON keeps __proto__ as an ordinary key, as a YAML file does.
    return JSON.stringify(data);
  }

  test.each(['constructor', '__proto__'])(
    '%s in sparkConf, hadoopConf, nodeSelector and pod labels is refused by the schema, once per place',
    (key) => {
      expect.hasAssertions();
      const file = configFile(withKeyEverywhere(key), 'platform.json');
      const result = validate(file);
      expect(result.status).toBe(2);
      const reserved = `: key "${key}" is reserved (JavaScript tools drop or misread it); rename it`;
      expect(result.stderr.trim().split('\n')).toEqual(
        [
          `${file}: teams[0].nodeSelector.${key}${reserved}`,
          `${file}: sparkApplications[0].sparkConf.${key}${reserved}`,
          `${file}: sparkApplications[0].hadoopConf.${key}${reserved}`,
          `${file}: sparkApplications[0].driver.labels.${key}${reserved}`,
        ].sort((a, b) => result.stderr.indexOf(a) - result.stderr.indexOf(b)),
      );
    },
  );

  test('constructor and __proto__ as EC2 tags of a node pool are refused by the schema', () => {
    expect.hasAssertions();
    const data = yaml.load(readExample('node-userdata.yaml')) as Record<string, any>;
    data.nodePools[0].ec2NodeClass.tags = {};
    setKey(data.nodePools[0].ec2NodeClass.tags, 'constructor', 'a');
    setKey(data.nodePools[0].ec2NodeClass.tags, '__proto__', 'b');
    const file = configFile(JSON.stringify(data), 'platform.json');
    const result = validate(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}: nodePools[0].ec2NodeClass.tags.constructor: key "constructor" is reserved`);
    expect(result.stderr).toContain(`${file}: nodePools[0].ec2NodeClass.tags.__proto__: key "__proto__" is reserved`);
  });

  test.each(['prototype', 'toString', 'hasOwnProperty'])('%s as a key is rendered faithfully into the SparkApplication', (key) => {
    expect.hasAssertions();
    const out = join(tempDir(), 'dist');
    const result = runCli(['synth', '--no-check', '--config', configFile(withKeyEverywhere(key), 'platform.json'), '--out', out]);
    expect(result.status).toBe(0);
    const manifest = yaml.loadAll(readFileSync(join(out, 'manifests', 'spark-applications.k8s.yaml'), 'utf8')) as any[];
    const application = manifest.find((o) => o.kind === 'SparkApplication');
    // Wherever the operator's layout puts them (spec, pod templates), the four values arrive under the key.
    expect(new Set(valuesUnder(application, key))).toEqual(new Set(['x', 'y', 'w', 'z']));
  });

  test('a Spark application named "constructor" is synthesized', () => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.sparkApplications[0].name = 'constructor';
    const out = join(tempDir(), 'dist');
    const result = runCli(['synth', '--no-check', '--config', configFile(yaml.dump(data)), '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('numbers have upper bounds', () => {
  test.each([
    ['buckets[0].mount.cache.maxSizeMiB', (d: any) => (d.buckets[0].mount.cache.maxSizeMiB = 1e300), 'must be <= 1073741824'],
    ['buckets[0].mount.uid', (d: any) => (d.buckets[0].mount.uid = 4294967296000), 'must be <= 4294967294'],
    ['buckets[0].mount.gid', (d: any) => (d.buckets[0].mount.gid = 4294967295), 'must be <= 4294967294'],
    ['sparkApplications[0].timeToLiveSeconds', (d: any) => (d.sparkApplications[0].timeToLiveSeconds = 1e20), 'must be <= 2147483647'],
    ['sparkApplications[0].executor.instances', (d: any) => (d.sparkApplications[0].executor.instances = 1e9), 'must be <= 100000'],
  ])('%s too large is refused before it reaches a script', (path, change, message) => {
    expect.hasAssertions();
    const data = defaultConfigData();
    change(data);
    const file = configFile(JSON.stringify(data), 'platform.json');
    const result = validate(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${file}: ${path}: ${message}\n`);
  });

  test('a metadata TTL of more than 10 digits is refused', () => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.buckets[0].mount.metadataTtl = '1'.repeat(400);
    const file = configFile(yaml.dump(data));
    const result = validate(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/buckets\[0\]\.mount\.metadataTtl: must be a number of seconds \(1 or more, at most 10 digits/);
  });
});
