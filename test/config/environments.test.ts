import * as yaml from 'js-yaml';
import { Environment, environmentConfigs, NAMED_LISTS } from '../../lib/config/environments';
import { ENVIRONMENT_OVERRIDES } from '../../lib/config/environments-schema';
import { loadConfigText } from '../../lib/config/load';
import { configSchema } from '../../lib/config/schema';
import { synthesize } from '../../lib/synth/synthesize';
import { defaultConfigData, problemsOf } from '../helpers';

/** The default example with these environments. */
function withEnvironments(...environments: object[]): Record<string, any> {
  return { ...defaultConfigData(), environments };
}

function environments(data: object): Environment[] {
  return environmentConfigs(loadConfigText(yaml.dump(data), 'config.yaml'), 'config.yaml');
}

function environment(data: object, name: string): Environment['config'] {
  return environments(data).find((e) => e.name === name)!.config;
}

describe('merging an environment into the base', () => {
  test('a field of a named item changes only that field; the item keeps the rest of the base', () => {
    expect.hasAssertions();
    const prod = environment(withEnvironments({ name: 'prod', buckets: [{ name: 'jars', bucket: 'prod-jars' }] }), 'prod');
    expect(prod.buckets).toEqual([
      expect.objectContaining({
        name: 'jars',
        bucket: 'prod-jars',
        prefix: 'jars/',
        mount: expect.objectContaining({ path: '/mnt/s3/jars' }),
      }),
    ]);
  });

  test('an item with a new name is added after the base items', () => {
    expect.hasAssertions();
    const team = { name: 'risk', buckets: ['jars'] };
    const prod = environment(withEnvironments({ name: 'prod', teams: [team] }), 'prod');
    expect(prod.teams.map((t) => t.name)).toEqual(['spark-team-a', 'risk']);
  });

  test('$remove: true removes an item of the base', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'prod', sparkApplications: [{ name: 'taxi-trip', $remove: true }] });
    expect(environment(data, 'prod').sparkApplications).toEqual([]);
  });

  test('null removes a key of the base (JSON Merge Patch)', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'dev', teams: [{ name: 'spark-team-a', serviceAccount: { iamRoleArn: null } }] });
    const { serviceAccount } = environment(data, 'dev').teams[0];
    expect(serviceAccount.name).toBe('spark-team-a');
    expect('iamRoleArn' in serviceAccount).toBe(false);
  });

  test('a list that is not of named items replaces the base list', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'prod', teams: [{ name: 'spark-team-a', tolerations: [{ key: 'prod', operator: 'Exists' }] }] });
    expect(environment(data, 'prod').teams[0].tolerations).toEqual([{ key: 'prod', operator: 'Exists' }]);
  });

  test("a base value the environment leaves alone wins over the schema's default", () => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.sparkApplications[0].executor = { instances: 3, memory: '6g' };
    data.environments = [{ name: 'prod', sparkApplications: [{ name: 'taxi-trip', executor: { instances: 9 } }] }];
    expect(environment(data, 'prod').sparkApplications[0].executor).toMatchObject({ instances: 9, memory: '6g' });
  });

  test('an environment merges into the base as written: the merged config is what writing it out in full gives, defaults filled only then', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'prod', nodeDaemonSet: { resources: { limits: { memory: '256Mi' } } } });
    const written = defaultConfigData();
    written.nodeDaemonSet = { resources: { limits: { memory: '256Mi' } } };
    const { environments: _none, ...alone } = loadConfigText(yaml.dump(written), 'config.yaml');
    expect(environment(data, 'prod')).toEqual(alone);
    expect(environment(data, 'prod').nodeDaemonSet.resources).toEqual({ limits: { memory: '256Mi' } });
  });

  test('a config built in code, its defaults already filled in, has environments too', () => {
    expect.hasAssertions();
    const config = {
      ...loadConfigText(yaml.dump(defaultConfigData()), 'config.yaml'),
      environments: [{ name: 'prod', cluster: { name: 'prod' } }],
    };
    expect(environmentConfigs(config, 'code').map((e) => e.config.cluster.name)).toEqual(['prod']);
  });

  test('the schema fills the defaults of what an environment adds', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'prod', teams: [{ name: 'risk', buckets: ['jars'] }] });
    expect(environment(data, 'prod').teams[1].serviceAccount).toMatchObject({ name: 'spark', eksPodIdentity: false });
  });

  test('the base config itself keeps its values and gains no merged item', () => {
    expect.hasAssertions();
    const config = loadConfigText(
      yaml.dump(withEnvironments({ name: 'prod', teams: [{ name: 'risk', buckets: ['jars'] }] })),
      'config.yaml',
    );
    environmentConfigs(config, 'config.yaml');
    expect(config.teams.map((t) => t.name)).toEqual(['spark-team-a']);
  });

  test('environments come in the order the config lists them', () => {
    expect.hasAssertions();
    expect(environments(withEnvironments({ name: 'prod' }, { name: 'dev' }, { name: '1' })).map((e) => e.name)).toEqual([
      'prod',
      'dev',
      '1',
    ]);
  });

  test('an environment without overrides synthesizes exactly what the base does', () => {
    expect.hasAssertions();
    const { gitops: _gitops, ...base } = withEnvironments({ name: 'dev' });
    const [dev] = environments(base);
    const { environments: _environments, ...config } = loadConfigText(yaml.dump(base), 'config.yaml');
    expect(synthesize(dev.config, undefined, 'dev')).toEqual(synthesize(config));
  });

  test('a config without environments has none', () => {
    expect.hasAssertions();
    expect(environments(defaultConfigData())).toEqual([]);
  });
});

describe('problems of environments', () => {
  test('a merged field the schema refuses names the environment and the path', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'prod', buckets: [{ name: 'jars', bucket: 'Not_A_Bucket' }] });
    expect(problemsOf(data)).toContainEqual(expect.stringMatching(/^environments\.prod → buckets\[0\]\.bucket: /));
  });

  test('the merged config is checked as a whole: a team may not keep a bucket the environment removed', () => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.buckets.push({ name: 'scratch', bucket: 'my-scratch', mount: { approach: 'node-daemonset', path: '/mnt/s3/scratch' } });
    data.teams[0].buckets = ['jars', 'scratch'];
    data.sparkApplications[0].deps.bucket = 'jars';
    data.environments = [{ name: 'prod', buckets: [{ name: 'scratch', $remove: true }] }];
    expect(problemsOf(data)).toEqual(['environments.prod → teams[0].buckets[1]: unknown bucket "scratch"']);
  });

  test('removing an item the base does not have is an error', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'prod', buckets: [{ name: 'jar', $remove: true }] });
    expect(problemsOf(data)).toEqual([
      `environments.prod → buckets[0].name: no item of the base's buckets is named "jar", so none can be removed`,
    ]);
  });

  test('$remove is true or absent', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'prod', buckets: [{ name: 'jars', $remove: false }] });
    expect(problemsOf(data)).toEqual([
      'environments.prod → buckets[0]."$remove": must be true (it removes the item; leave it out to keep it)',
    ]);
  });

  test('an item that is removed sets nothing else', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'prod', buckets: [{ name: 'jars', $remove: true, bucket: 'x' }] });
    expect(problemsOf(data)).toEqual(['environments.prod → buckets[0].bucket: an item that is removed cannot set anything else']);
  });

  test('an item of a named list without a name cannot be merged', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'prod', teams: [{ buckets: ['jars'] }] });
    expect(problemsOf(data)).toEqual([
      "environments.prod → teams[0].name: is required: items of teams in an environment are merged into the base's by name",
    ]);
  });

  test('an item overridden twice in one environment is an error', () => {
    expect.hasAssertions();
    const data = withEnvironments({
      name: 'prod',
      buckets: [
        { name: 'jars', prefix: 'a/' },
        { name: 'jars', prefix: 'b/' },
      ],
    });
    expect(problemsOf(data)).toEqual(['environments.prod → buckets[1].name: "jars" is already overridden by buckets[0]']);
  });

  test('two environments of one name are an error', () => {
    expect.hasAssertions();
    expect(problemsOf(withEnvironments({ name: 'prod' }, { name: 'prod' }))).toEqual([
      'environments[1].name: environment "prod" is already used by environments[0]',
    ]);
  });

  test('a section an environment cannot override is an unknown key, with a suggestion', () => {
    expect.hasAssertions();
    expect(problemsOf(withEnvironments({ name: 'prod', bukets: [] }))).toEqual([
      'environments[0].bukets: unknown key "bukets" (did you mean "buckets"?)',
    ]);
  });

  test('an environment name must be a directory-safe Kubernetes name', () => {
    expect.hasAssertions();
    expect(problemsOf(withEnvironments({ name: '../prod' }))).toEqual([
      expect.stringMatching(/^environments\[0\]\.name: must be a Kubernetes name/),
    ]);
  });

  test('a key "__proto__" in an override is an unknown key, not a prototype', () => {
    expect.hasAssertions();
    const data = yaml.load(
      `${yaml.dump(defaultConfigData())}environments:\n  - name: prod\n    cluster:\n      __proto__: {name: polluted}\n`,
    );
    expect(problemsOf(data)).toEqual(['environments.prod → cluster.__proto__: unknown key "__proto__"']);
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });

  test('every problem of every environment is reported at once', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'dev', cluster: { region: 'nowhere' } }, { name: 'prod', chart: { version: 'latest' } });
    expect(problemsOf(data).map((line) => line.split(':')[0])).toEqual([
      'environments.dev → cluster.region',
      'environments.prod → chart.version',
    ]);
  });

  test('GitOps object names of an environment must fit a label', () => {
    expect.hasAssertions();
    const data = withEnvironments({ name: 'a'.repeat(40) });
    data.gitops = { repoURL: 'https://github.com/acme/spark.git' };
    expect(problemsOf(data)).toEqual([
      expect.stringMatching(
        /^environments\.a{40}: "spark-s3-jars-a{40}", the name of this environment's GitOps objects, must be at most \d+ characters/,
      ),
    ]);
  });
});

describe('what environments can override', () => {
  test('every top-level section but apiVersion, kind and environments', () => {
    expect.hasAssertions();
    const sections = Object.keys(configSchema.properties).filter((key) => !['apiVersion', 'kind', 'environments'].includes(key));
    expect(Object.keys(ENVIRONMENT_OVERRIDES).sort()).toEqual(sections.sort());
  });

  test('the lists of named items merge by name: buckets, teams, node pools and applications', () => {
    expect.hasAssertions();
    expect([...NAMED_LISTS].sort()).toEqual(['buckets', 'nodePools', 'sparkApplications', 'teams']);
  });
});
