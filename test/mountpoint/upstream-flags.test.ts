/**
 * Every Mountpoint flag, fstab option and CSI volume attribute the synthesized
 * objects carry, checked against the upstream facts vendored in
 * test/fixtures/upstream/ (Mountpoint 1.23.0, CSI driver v2.7.0) rather than
 * against our own code: for every example, and for a config that sets every
 * option we can emit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { loadConfigText } from '../../lib/config/load';
import { Config } from '../../lib/config/schema';
import { EXAMPLES, exampleConfig, K8sObject, readExample, synthObjects } from '../helpers';

interface FlagRule {
  readonly value: string | readonly string[];
  readonly requires?: readonly string[];
}
interface MountpointFacts {
  readonly flags: Record<string, FlagRule>;
  readonly fstab: {
    readonly fsType: string;
    readonly sourceScheme: string;
    readonly requiredOptions: readonly string[];
    readonly droppedOptions: readonly string[];
    readonly droppedOptionPrefixes: readonly string[];
    readonly readOnlyOption: string;
    readonly refusedOptions: readonly string[];
    readonly prefixInUriExcludes: string;
    readonly escapableCharacters: readonly string[];
  };
}
interface CsiFacts {
  readonly driver: string;
  readonly volumeAttributes: Record<string, string | readonly string[]>;
  readonly attributesOfCache: Record<string, readonly string[]>;
  readonly notRecommendedAttributes: readonly string[];
  readonly mountOptions: {
    readonly refusedWithCacheAttribute: readonly string[];
    readonly dropped: readonly string[];
    readonly refused: readonly string[];
  };
}

const upstream = (file: string) => yaml.load(readFileSync(join(__dirname, '../fixtures/upstream', file), 'utf8'));
const MOUNTPOINT = upstream('mountpoint-s3-1.23.0.yaml') as MountpointFacts;
const CSI = upstream('mountpoint-s3-csi-driver-2.7.0.yaml') as CsiFacts;

/** What a value of each kind named in the vendored files looks like. */
const VALUE_KINDS: Record<string, RegExp> = {
  'aws-region': /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$/,
  prefix: /^[^/].*\/$/,
  'positive-integer': /^[1-9][0-9]*$/,
  'octal-mode': /^0?[0-7]{3}$/,
  'absolute-path': /^\/./,
  'metadata-ttl': /^(indefinite|minimal|[1-9][0-9]*)$/,
  'kms-key-arn': /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/,
  'account-id': /^[0-9]{12}$/,
  's3-bucket-name': /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  quantity: /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/,
  'kubernetes-name': /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
};

/** Why `value` is not a valid `rule` value; undefined when it is. */
function valueProblem(kind: string | readonly string[], value: string | undefined): string | undefined {
  if (kind === 'none') return value === undefined ? undefined : `takes no value, got "${value}"`;
  if (value === undefined) return 'needs a value';
  if (Array.isArray(kind)) return kind.includes(value) ? undefined : `"${value}" is not one of ${kind.join(', ')}`;
  const pattern = VALUE_KINDS[kind as string];
  if (!pattern) throw new Error(`no pattern for value kind ${String(kind)}`);
  return pattern.test(value) ? undefined : `"${value}" is not a valid ${String(kind)}`;
}

/** Problems of one mount's flags, as name/value pairs in the order given. */
function flagProblems(flags: ReadonlyArray<{ name: string; value?: string }>): string[] {
  const names = flags.map((f) => f.name);
  return flags.flatMap(({ name, value }) => {
    const rule = MOUNTPOINT.flags[name];
    if (!rule) return [`--${name} is not a Mountpoint 1.23.0 flag`];
    const problems: string[] = [];
    const wrong = valueProblem(rule.value, value);
    if (wrong) problems.push(`--${name} ${wrong}`);
    for (const needed of rule.requires ?? []) if (!names.includes(needed)) problems.push(`--${name} requires --${needed}`);
    if (names.filter((n) => n === name).length > 1) problems.push(`--${name} is given twice`);
    return problems;
  });
}

/** The words of a bash array body written by shellQuote: 'a' 'it'\''s'. */
function shellWords(body: string): string[] {
  return [...body.matchAll(/((?:'[^']*'|\\')+)/g)].map((m) =>
    m[1].replace(/'([^']*)'|\\(')/g, (_, q?: string, e?: string) => q ?? e ?? ''),
  );
}

/** `mount-s3` arguments of every mount in the DaemonSet scripts (ConfigMaps). */
function cliArguments(objects: K8sObject[]): string[][] {
  return objects
    .filter((o) => o.kind === 'ConfigMap')
    .flatMap((o) => Object.values(o.data ?? {}) as string[])
    .flatMap((script) => [...script.matchAll(/^\s*MOUNT_S3_ARGS=\((.*)\)$/gm)].map((m) => shellWords(m[1])));
}

function parseCli(args: string[]): Array<{ name: string; value?: string }> {
  const flags: Array<{ name: string; value?: string }> = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].replace(/^--/, '');
    const rule = MOUNTPOINT.flags[name];
    const takesValue = rule !== undefined && rule.value !== 'none';
    flags.push(takesValue ? { name, value: args[++i] } : { name });
  }
  return flags;
}

/** fstab lines in EC2NodeClass userData. */
function fstabLines(objects: K8sObject[]): string[] {
  return objects
    .filter((o) => o.kind === 'EC2NodeClass')
    .flatMap((o) => [...String(o.spec.userData).matchAll(/s3:\/\/[^\s']+ \S+ mount-s3 [^\s']+ 0 0/g)].map((m) => m[0]));
}

/** Splits fstab options at commas that no backslash escapes. */
function splitOptions(options: string): string[] {
  return options.split(/(?<!\\),/);
}

function fstabProblems(line: string): string[] {
  const rules = MOUNTPOINT.fstab;
  const [source, , fsType, options, ...rest] = line.split(' ');
  const problems: string[] = [];
  if (rest.join(' ') !== '0 0') problems.push('does not end with "0 0"');
  if (fsType !== rules.fsType) problems.push(`file system type ${fsType}`);
  if (!source.startsWith(rules.sourceScheme) || !source.endsWith('/')) problems.push(`source ${source} is not s3://BUCKET/[PREFIX/]`);
  const uriPrefix = source.slice(rules.sourceScheme.length).split('/').slice(1).join('/');
  const all = splitOptions(options);
  for (const required of rules.requiredOptions) if (!all.includes(required)) problems.push(`lacks required option ${required}`);
  for (const refused of rules.refusedOptions)
    if (all.some((o) => o.split('=')[0] === refused)) problems.push(`uses refused option ${refused}`);
  const flags = all
    .filter((o) => !rules.droppedOptions.includes(o) && !rules.droppedOptionPrefixes.some((p) => o.startsWith(p)))
    .map((o) => (o === rules.readOnlyOption ? 'read-only' : o))
    .map((o) => {
      const at = o.indexOf('=');
      return at < 0 ? { name: o } : { name: o.slice(0, at), value: o.slice(at + 1) };
    });
  for (const { name, value } of flags) {
    if (value !== undefined && /\\(?![\\,"])/.test(value.replace(/\\[\\,"]/g, '')))
      problems.push(`${name}= escapes a character Mountpoint does not unescape`);
  }
  if (uriPrefix !== '' && flags.some((f) => f.name === rules.prefixInUriExcludes))
    problems.push('prefix= together with a prefix in the URL');
  const unescaped = flags.map((f) => (f.value === undefined ? f : { ...f, value: f.value.replace(/\\([\\,"])/g, '$1') }));
  return [...problems, ...flagProblems(uriPrefix ? [...unescaped, { name: 'prefix', value: uriPrefix }] : unescaped)];
}

function persistentVolumeProblems(pv: K8sObject, requestsAsked: boolean): string[] {
  const problems: string[] = [];
  const csi = pv.spec.csi;
  if (csi.driver !== CSI.driver) problems.push(`driver ${csi.driver}`);
  const attributes: Record<string, string> = csi.volumeAttributes;
  for (const [name, value] of Object.entries(attributes)) {
    const kind = CSI.volumeAttributes[name];
    if (kind === undefined) problems.push(`volume attribute ${name} is not a CSI driver v2.7.0 attribute`);
    else {
      const wrong = valueProblem(kind, value);
      if (wrong) problems.push(`${name}: ${wrong}`);
    }
  }
  for (const [cache, names] of Object.entries(CSI.attributesOfCache)) {
    for (const name of names) if (name in attributes && attributes.cache !== cache) problems.push(`${name} without cache: ${cache}`);
  }
  if (!requestsAsked)
    for (const name of CSI.notRecommendedAttributes)
      if (name in attributes) problems.push(`${name} although the config asks for no requests`);
  const flags = (pv.spec.mountOptions as string[]).map((option) => {
    const [name, ...value] = option.split(' ');
    return value.length === 0 ? { name } : { name, value: value.join(' ') };
  });
  for (const { name } of flags) {
    if (CSI.mountOptions.dropped.includes(name) || CSI.mountOptions.refused.includes(name))
      problems.push(`mount option ${name} is dropped or refused by the driver`);
    if ('cache' in attributes && CSI.mountOptions.refusedWithCacheAttribute.includes(name))
      problems.push(`mount option ${name} together with the cache attribute`);
  }
  return [...problems, ...flagProblems(flags)];
}

/** A config that sets every Mountpoint-related option, for every approach. */
function everyOptionConfig(): Config {
  const data = yaml.load(readExample('node-userdata.yaml')) as Record<string, any>;
  const everything = {
    prefix: 'team/jars/',
    region: 'eu-west-1',
    readOnly: false,
    allowDelete: true,
    allowOverwrite: true,
    kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    expectedBucketOwner: '111122223333',
  };
  const mount = { allowOther: true, uid: 185, gid: 185, dirMode: '0755', fileMode: '0644', metadataTtl: '300' };
  data.buckets = [
    {
      name: 'jars',
      bucket: 'my-spark-jars',
      ...everything,
      mount: { approach: 'node-userdata', path: '/mnt/s3/jars', ...mount, cache: { directory: '/var/cache/s3-jars', maxSizeMiB: 4096 } },
    },
    {
      name: 'daemon',
      bucket: 'my-daemon-jars',
      ...everything,
      mount: { approach: 'node-daemonset', path: '/mnt/s3/daemon', ...mount, cache: { maxSizeMiB: 2048 } },
    },
    {
      name: 'pod',
      bucket: 'my-pod-jars',
      ...everything,
      mount: {
        approach: 'pod-csi',
        path: '/mnt/s3/pod',
        ...mount,
        cache: { maxSizeMiB: 1024 },
        csi: {
          cache: { type: 'emptyDir', medium: 'Memory' },
          mountpointContainerResources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        },
      },
    },
    {
      name: 'ephemeral',
      bucket: 'my-ephemeral-jars',
      mount: {
        approach: 'pod-csi',
        path: '/mnt/s3/ephemeral',
        cache: { maxSizeMiB: 8192 },
        csi: { cache: { type: 'ephemeral', storageClassName: 'gp3' } },
      },
    },
  ];
  data.teams = data.teams.map((team: any) => ({ ...team, buckets: ['jars', 'daemon', 'pod', 'ephemeral'] }));
  data.nodePools.forEach((pool: any) => (pool.buckets = ['jars']));
  data.sparkApplications.forEach((app: any) => (app.deps.bucket = 'jars'));
  return loadConfigText(yaml.dump(data), 'every-option.yaml');
}

const CONFIGS: Array<[string, Config, boolean]> = [
  ...EXAMPLES.map((name): [string, Config, boolean] => [name, exampleConfig(name), false]),
  ['a config with every option', everyOptionConfig(), true],
];

describe.each(CONFIGS)('%s against Mountpoint 1.23.0 and CSI driver v2.7.0', (_, config, requestsAsked) => {
  const objects = synthObjects(config);

  test('every mount-s3 argument of the DaemonSet script is a Mountpoint flag with a valid value', () => {
    expect.hasAssertions();
    expect(cliArguments(objects).flatMap((args) => flagProblems(parseCli(args)))).toEqual([]);
  });

  test("every fstab line of the node userData follows Mountpoint's fstab rules", () => {
    expect.hasAssertions();
    expect(fstabLines(objects).flatMap(fstabProblems)).toEqual([]);
  });

  test('every PersistentVolume uses only CSI driver v2.7.0 attributes and valid mount options', () => {
    expect.hasAssertions();
    expect(objects.filter((o) => o.kind === 'PersistentVolume').flatMap((pv) => persistentVolumeProblems(pv, requestsAsked))).toEqual([]);
  });
});

describe('the config with every option reaches every kind of output', () => {
  const objects = synthObjects(CONFIGS[CONFIGS.length - 1][1]);

  test('so the checks above saw every flag we can emit', () => {
    expect.hasAssertions();
    const emitted = new Set([
      ...cliArguments(objects).flatMap((args) => parseCli(args).map((f) => f.name)),
      ...objects
        .filter((o) => o.kind === 'PersistentVolume')
        .flatMap((pv) => (pv.spec.mountOptions as string[]).map((o) => o.split(' ')[0])),
    ]);
    expect([...emitted].sort()).toEqual(Object.keys(MOUNTPOINT.flags).sort());
    expect(fstabLines(objects)).toHaveLength(2);
  });
});

describe('the checks catch what upstream refuses', () => {
  test.each<[string, string, string]>([
    ['read-only spelt out in fstab', 's3://b/ /mnt/b mount-s3 _netdev,nosuid,nodev,read-only 0 0', 'uses refused option read-only'],
    ['a missing required fstab option', 's3://b/ /mnt/b mount-s3 _netdev,nosuid,ro 0 0', 'lacks required option nodev'],
    [
      'prefix= with a prefix in the URL',
      's3://b/p/ /mnt/b mount-s3 _netdev,nosuid,nodev,prefix=q/ 0 0',
      'prefix= together with a prefix in the URL',
    ],
    [
      'max-cache-size without cache',
      's3://b/ /mnt/b mount-s3 _netdev,nosuid,nodev,max-cache-size=10 0 0',
      '--max-cache-size requires --cache',
    ],
    [
      'an alias KMS key',
      's3://b/ /mnt/b mount-s3 _netdev,nosuid,nodev,sse=aws:kms,sse-kms-key-id=arn:aws:kms:us-west-2:111122223333:alias/x 0 0',
      '--sse-kms-key-id "arn:aws:kms:us-west-2:111122223333:alias/x" is not a valid kms-key-arn',
    ],
    ['uid 0', 's3://b/ /mnt/b mount-s3 _netdev,nosuid,nodev,uid=0 0 0', '--uid "0" is not a valid positive-integer'],
    [
      'a prefix without the trailing slash',
      's3://b/ /mnt/b mount-s3 _netdev,nosuid,nodev,prefix=jars 0 0',
      '--prefix "jars" is not a valid prefix',
    ],
    [
      'an escaped character Mountpoint keeps',
      's3://b/ /mnt/b mount-s3 _netdev,nosuid,nodev,cache=/var/c\\ache 0 0',
      'cache= escapes a character Mountpoint does not unescape',
    ],
    [
      'an unknown flag',
      's3://b/ /mnt/b mount-s3 _netdev,nosuid,nodev,read-only-ish 0 0',
      '--read-only-ish is not a Mountpoint 1.23.0 flag',
    ],
  ])('%s', (_, line, problem) => {
    expect.hasAssertions();
    expect(fstabProblems(line)).toContain(problem);
  });
});
