import Ajv, { ErrorObject } from 'ajv';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { schemaFor, SCHEMA_DIR, supportedVersions } from '../../lib/check/schema-registry';
import { ROOT, seededRandom, tempDir } from '../helpers';

/**
 * The validators `npm run build` compiles (scripts/build-schemas.js): one
 * module per kind (and its list; kinds that embed a pod spec share one),
 * repeated subschemas compiled once (scripts/shared-subschemas.js).
 */

type Schema = Record<string, any>;

/** The index build-schemas.js writes: version → `apiVersion/kind` → module and validator. */
const INDEX = JSON.parse(readFileSync(join(SCHEMA_DIR, 'index.json'), 'utf8')) as Record<
  string,
  Record<string, { file: string; module: string; validator: string }>
>;

const RECORD_HOOK = join(ROOT, 'test', 'fixtures', 'record-read-files.js');

/** The validator modules (file names under build/schemas/validators) a `check` of `text` reads. */
function validatorModulesRead(text: string, ...args: string[]): string[] {
  const dir = tempDir();
  const manifest = join(dir, 'manifest.yaml');
  writeFileSync(manifest, text);
  const record = join(dir, 'read.txt');
  const result = spawnSync(
    process.execPath,
    ['--require', RECORD_HOOK, join(ROOT, 'bin', 'mountpoint-s3-spark.js'), 'check', manifest, ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, READ_FILES_FILE: record },
    },
  );
  if (result.status !== 0) throw new Error(`check exited ${result.status}: ${result.stdout}${result.stderr}`);
  const validators = join(SCHEMA_DIR, 'validators');
  return readFileSync(record, 'utf8')
    .split('\n')
    .filter((file) => file.startsWith(`${validators}/`) && file.endsWith('.js'))
    .map((file) => relative(validators, file));
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n';
const DAEMON_SET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: { app: agent }
  template:
    metadata:
      labels: { app: agent }
    spec:
      containers:
        - name: agent
          image: agent:1
`;

describe('a check loads the validators of the kinds it checks', () => {
  test('a ConfigMap is checked with the ConfigMap module alone', () => {
    expect.hasAssertions();
    expect(validatorModulesRead(CONFIG_MAP)).toEqual([INDEX['1.30']['v1/ConfigMap'].module]);
  });

  test('a DaemonSet is checked with the module of the kinds that embed a pod spec', () => {
    expect.hasAssertions();
    const module = INDEX['1.30']['apps/v1/DaemonSet'].module;
    expect(validatorModulesRead(DAEMON_SET)).toEqual([module]);
    expect(module).toMatch(/^pod-templates-/);
  });

  test('each Kubernetes version reads its own modules, and only those of the kinds checked', () => {
    expect.hasAssertions();
    const modules = validatorModulesRead(`${CONFIG_MAP}---\n${DAEMON_SET}`, '--all-versions');
    const expected = supportedVersions().flatMap((version) => [
      INDEX[version]['v1/ConfigMap'].module,
      INDEX[version]['apps/v1/DaemonSet'].module,
    ]);
    expect(new Set(modules)).toEqual(new Set(expected));
  });
});

describe('validator modules', () => {
  test('a kind and its list share a module; kinds without a pod spec have their own', () => {
    expect.hasAssertions();
    const kinds = INDEX['1.30'];
    expect(kinds['v1/SecretList'].module).toBe(kinds['v1/Secret'].module);
    expect(kinds['v1/Secret'].module).not.toBe(kinds['v1/Service'].module);
    expect(kinds['batch/v1/Job'].module).toBe(kinds['apps/v1/DaemonSet'].module);
  });

  test('the kinds synth writes for every team, and their lists, share one module, apart from every other kind', () => {
    expect.hasAssertions();
    const kinds = INDEX['1.30'];
    const team = [
      'v1/Namespace',
      'v1/ServiceAccount',
      'v1/ConfigMap',
      'rbac.authorization.k8s.io/v1/Role',
      'rbac.authorization.k8s.io/v1/RoleBinding',
    ];
    const modules = new Set(team.flatMap((key) => [kinds[key].module, kinds[`${key}List`].module]));
    expect(modules.size).toBe(1);
    const [module] = modules;
    const sharing = Object.keys(kinds).filter((key) => kinds[key].module === module);
    expect(sharing.sort()).toEqual(team.flatMap((key) => [key, `${key}List`]).sort());
  });

  test('versions whose schemas of a kind are the same share its module', () => {
    expect.hasAssertions();
    const modules = (key: string) => new Set(supportedVersions().map((version) => INDEX[version][key].module));
    expect(modules('v1/ConfigMap').size).toBe(1);
    expect(modules('sparkoperator.k8s.io/v1beta2/SparkApplication').size).toBe(1);
    // Every minor version adds fields to the pod spec.
    expect(modules('apps/v1/DaemonSet').size).toBe(supportedVersions().length);
  });
});

/** Values of the wrong kind, put in place of a valid one now and then. */
const WRONG_VALUES: unknown[] = [null, 7, -1.5, 'text', true, [], {}, [1], { unknownField: 1 }];
const STRINGS = ['', 'a', 'In', 'Always', '1Gi', '500m', 'spark', 'x y', '-1', '10'];
const NUMBERS = [0, 1, -1, 2.5, 65536, 3_000_000_000];

/**
 * A random object shaped after `schema`: each property present or not, values
 * of the declared type or, at the rate `damage`, of another type, outside an
 * enum, unknown fields, missing required ones. Deep enough to reach every
 * kind of subschema.
 */
function randomInstance(schema: Schema, definitions: Record<string, Schema>, random: () => number, damage: number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const damaged = () => random() < damage;
  const inner = (subschema: Schema, deeper = 1) => randomInstance(subschema, definitions, random, damage, depth + deeper);
  if (schema.$ref) return inner(definitions[schema.$ref.replace('#/definitions/', '')], 0);
  if (damaged()) return pick(WRONG_VALUES);
  if (schema.enum) return damaged() ? 'NotAnEnumValue' : pick(schema.enum);
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) if (schema[keyword]) return inner(pick(schema[keyword]), 0);
  const type = pick([schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : 'string')].flat());
  if (depth > 14 && (type === 'object' || type === 'array')) return type === 'object' ? {} : [];
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries<Schema>(schema.properties ?? {})) {
        const required = (schema.required ?? []).includes(key);
        if (required ? !damaged() : random() < 0.35) out[key] = inner(property);
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        for (let i = Math.floor(random() * 3); i > 0; i--) out[`key${i}`] = inner(schema.additionalProperties);
      }
      if (damaged()) out.unknownField = 'x';
      return out;
    }
    case 'array':
      return Array.from({ length: Math.floor(random() * 3) }, () => inner(schema.items ?? {}));
    case 'integer':
    case 'number':
      return pick(NUMBERS);
    case 'boolean':
      return random() < 0.5;
    default: {
      const fitting = schema.pattern ? STRINGS.filter((text) => new RegExp(schema.pattern, 'u').test(text)) : STRINGS;
      return pick(damaged() || fitting.length === 0 ? STRINGS : fitting);
    }
  }
}

function errorsOf(errors: ErrorObject[] | null | undefined) {
  return (errors ?? []).map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
}

describe('compiled validators report what the schema as written reports', () => {
  test.each([
    ['sparkoperator.k8s.io/v1beta2/SparkApplication'],
    ['sparkoperator.k8s.io/v1beta2/ScheduledSparkApplication'],
    ['argoproj.io/v1alpha1/Application'],
    ['karpenter.k8s.aws/v1/EC2NodeClass'],
    ['apps/v1/DaemonSet'],
  ])('%s: the same errors, in the same order, for random objects', (key) => {
    expect.hasAssertions();
    const entry = INDEX['1.30'][key];
    const standalone = JSON.parse(readFileSync(join(SCHEMA_DIR, entry.file), 'utf8')) as Schema;
    const asWritten = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(standalone);
    const compiled = schemaFor('1.30', key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1));
    const random = seededRandom(18);
    let invalid = 0;
    const objects = 300;
    for (let i = 0; i < objects; i++) {
      // Some objects undamaged (mostly valid), most damaged here and there.
      const object = randomInstance(standalone, standalone.definitions, random, [0, 0.01, 0.05][i % 3]);
      const valid = asWritten(object);
      if (!valid) invalid++;
      expect(compiled?.validate(object)).toBe(valid);
      expect(errorsOf(compiled?.validate.errors)).toEqual(errorsOf(asWritten.errors));
    }
    // Both outcomes are compared many times.
    expect(invalid).toBeGreaterThan(objects / 10);
    expect(invalid).toBeLessThan(objects);
  });
});
