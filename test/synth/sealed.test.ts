import { ApiObject, App, Chart, JsonPatch, Lazy, ResolutionContext } from 'cdk8s';
import * as yaml from 'js-yaml';
import { stringifyYamlDocument } from '../../lib/block-yaml';
import { withFastResolve } from '../../lib/cdk8s-resolve';
import { validateConfig } from '../../lib/config/load';
import { SparkS3Platform } from '../../lib/platform';
import {
  isSealed,
  SEALED_MEMBERS,
  sealedAsResolved,
  sealedSpells,
  sealedSummary,
  sealIfLarge,
  sortedScalarCopy,
  unsealed,
} from '../../lib/sealed';
import { readExample } from '../helpers';

/** A map of `n` labels, its keys not in sorted order. */
function labels(n: number): Record<string, string> {
  const map: Record<string, string> = {};
  for (let i = n - 1; i >= 0; i--) map[`example.com/key${i}`] = `v${i}`;
  return map;
}

describe('sealed collections', () => {
  test('a large map of plain data is frozen with every collection in it', () => {
    expect.hasAssertions();
    const map: Record<string, unknown> = labels(SEALED_MEMBERS);
    map.nested = { list: [1, { a: 'b' }] };
    sealIfLarge(map, Object.keys(map).length);
    expect([isSealed(map), Object.isFrozen(map), Object.isFrozen((map.nested as any).list[1])]).toEqual([true, true, true]);
  });

  test('a smaller one is left as it is', () => {
    expect.hasAssertions();
    const map = labels(SEALED_MEMBERS - 1);
    sealIfLarge(map, SEALED_MEMBERS - 1);
    expect([isSealed(map), Object.isFrozen(map)]).toEqual([false, false]);
  });

  test('one holding anything but plain data is left as it is, nothing in it frozen', () => {
    expect.hasAssertions();
    const inner = { a: 1 };
    const list: unknown[] = [...Array.from({ length: SEALED_MEMBERS }, () => inner), new Date(0)];
    sealIfLarge(list, list.length);
    expect([isSealed(list), Object.isFrozen(list), Object.isFrozen(inner)]).toEqual([false, false, false]);
  });

  test('with leaves only, one holding a map is left as it is', () => {
    expect.hasAssertions();
    const list = Array.from({ length: SEALED_MEMBERS }, (_, i) => ({ i }));
    sealIfLarge(list, list.length, true);
    expect(isSealed(list)).toBe(false);
  });

  test('a sealed map stands for its own resolution only with sorted keys and no null member', () => {
    expect.hasAssertions();
    const unsorted = sealIfLarge(labels(SEALED_MEMBERS), SEALED_MEMBERS);
    const sorted = sealIfLarge(sortedScalarCopy(labels(SEALED_MEMBERS))!, SEALED_MEMBERS);
    const withNull = sealIfLarge({ ...sortedScalarCopy(labels(SEALED_MEMBERS)), zz: null }, SEALED_MEMBERS + 1);
    expect([sealedAsResolved(unsorted), sealedAsResolved(sorted), sealedAsResolved(withNull)]).toEqual([false, true, false]);
  });

  test('sortedScalarCopy sorts the keys, drops null members and seals a large copy, the map left as it was', () => {
    expect.hasAssertions();
    const map: Record<string, unknown> = { ...labels(SEALED_MEMBERS), gone: null, also: undefined };
    const before = Object.keys(map);
    const copy = sortedScalarCopy(map)!;
    expect([Object.keys(copy), isSealed(copy), Object.keys(map)]).toEqual([Object.keys(labels(SEALED_MEMBERS)).sort(), true, before]);
  });

  test('sortedScalarCopy refuses a map member and a __proto__ key', () => {
    expect.hasAssertions();
    const proto: Record<string, unknown> = { a: 'b' };
    Object.defineProperty(proto, '__proto__', { value: 'x', enumerable: true });
    expect([sortedScalarCopy({ a: { b: 'c' } }), sortedScalarCopy(proto)]).toEqual([undefined, undefined]);
  });

  test('the summary spells every key, string and number, and matches whole texts between NULs', () => {
    expect.hasAssertions();
    const list = sealIfLarge(
      [...Array.from({ length: SEALED_MEMBERS }, (_, i) => ({ key: `k${i}`, n: 7300123 })), 'labels'],
      SEALED_MEMBERS + 1,
    );
    expect([
      sealedSpells(list, ['k999']),
      sealedSpells(list, ['7300']),
      sealedSpells(list, ['\0labels\0']),
      sealedSpells(list, ['\0label\0']),
      sealedSpells(list, ['mpshv']),
    ]).toEqual([true, true, true, false, false]);
  });

  test('the summary counts nodes as the templates count them and sees a digest', () => {
    expect.hasAssertions();
    const digest = 'a'.repeat(64);
    const list = sealIfLarge([...Array.from({ length: SEALED_MEMBERS }, () => [1, true, null]), digest], SEALED_MEMBERS + 1);
    expect([sealedSummary(list).nodes, sealedSummary(list).digestLike]).toEqual([1 + SEALED_MEMBERS * 4 + 1, true]);
  });

  test('unsealed copies the sealed parts, and only those, into collections that can change', () => {
    expect.hasAssertions();
    const map = sealIfLarge(labels(SEALED_MEMBERS), SEALED_MEMBERS);
    const other = { a: 'b' };
    const document = { spec: { map, other }, kind: 'x' };
    const copy = unsealed(document) as typeof document;
    copy.spec.map.extra = 'added';
    expect([copy.spec.other === other, copy.kind, copy.spec.map === map, Object.keys(map).includes('extra')]).toEqual([
      true,
      'x',
      false,
      false,
    ]);
  });

  test('a sealed collection is written as YAML as the same data unsealed, at any depth', () => {
    expect.hasAssertions();
    const sealed = sortedScalarCopy({ ...labels(SEALED_MEMBERS), yes: 'no', quoted: 'a: b', '0o17': 'true' })!;
    const plain = JSON.parse(JSON.stringify(sealed));
    const documents = (value: unknown) =>
      [{ a: value }, { a: { b: [value, value] } }, { a: [{ b: { c: value } }] }].map(stringifyYamlDocument);
    expect(documents(sealed)).toEqual(documents(plain));
  });
});

describe('sealed collections in cdk8s objects render as cdk8s renders them', () => {
  const render = (app: App): string[] => app.charts.map((chart) => JSON.stringify(chart.toJson()));

  test('a large map used twice, with a Lazy member, and patched: fast and cdk8s rendering agree', () => {
    expect.hasAssertions();
    const build = (): App => {
      const app = new App();
      const chart = new Chart(app, 'large');
      let produced = 0;
      const data: Record<string, unknown> = { ...labels(SEALED_MEMBERS), lazy: Lazy.any({ produce: () => `n${++produced}` }) };
      const object = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', data, binaryData: data } as never);
      object.addJsonPatch(JsonPatch.add('/data/added', 'yes'), JsonPatch.remove('/binaryData/example.com~1key0'));
      new ApiObject(chart, 'sealed', { apiVersion: 'v1', kind: 'ConfigMap', data: sortedScalarCopy(labels(SEALED_MEMBERS)) } as never);
      return app;
    };
    expect(withFastResolve(() => render(build()))).toEqual(render(build()));
  });

  test("a platform whose team has long node selectors, with patches into the DaemonSet's expressions and the pod templates' selector", () => {
    expect.hasAssertions();
    const data = yaml.load(readExample('node-daemonset.yaml')) as any;
    Object.assign(data.teams[0].nodeSelector, labels(SEALED_MEMBERS + 1));
    const config = validateConfig(data, 'long-selector');
    const build = (): App => {
      const app = new App();
      const platform = new SparkS3Platform(app, 'platform', { config });
      const objects = platform.charts.flatMap((chart) => chart.node.findAll()).filter((c): c is ApiObject => c instanceof ApiObject);
      const daemonSet = objects.find((o) => o.kind === 'DaemonSet')!;
      daemonSet.addJsonPatch(
        JsonPatch.add(
          '/spec/template/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/-',
          {
            key: 'added',
            operator: 'Exists',
          },
        ),
      );
      const application = objects.find((o) => o.kind === 'SparkApplication')!;
      application.addJsonPatch(JsonPatch.add('/spec/driver/template/spec/nodeSelector/added', 'yes'));
      return app;
    };
    const fast = withFastResolve(() => render(build()));
    const objects = fast.flatMap((chart) => JSON.parse(chart) as any[]);
    const expressions = objects.find((o) => o.kind === 'DaemonSet').spec.template.spec.affinity.nodeAffinity
      .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions;
    const selector = objects.find((o) => o.kind === 'SparkApplication').spec.driver.template.spec.nodeSelector;
    expect([fast, expressions.length, expressions.at(-1), selector.added]).toEqual([
      render(build()),
      Object.keys(config.teams[0].nodeSelector).length + 1,
      { key: 'added', operator: 'Exists' },
      'yes',
    ]);
  });

  test('without patches, the long selectors render as cdk8s renders them', () => {
    expect.hasAssertions();
    const data = yaml.load(readExample('node-daemonset.yaml')) as any;
    Object.assign(data.teams[0].nodeSelector, labels(SEALED_MEMBERS + 1), { labels: 'x' });
    const config = validateConfig(data, 'long-selector');
    const build = (): App => {
      const app = new App();
      new SparkS3Platform(app, 'platform', { config });
      return app;
    };
    expect(withFastResolve(() => render(build()))).toEqual(render(build()));
  });
});

describe("the DaemonSet's expressions made of a long node selector", () => {
  test('their summary, made from the selector, answers as a walk over them does', () => {
    expect.hasAssertions();
    const data = yaml.load(readExample('node-daemonset.yaml')) as any;
    Object.assign(data.teams[0].nodeSelector, labels(SEALED_MEMBERS), { 'digest.example.com/x': 'b'.repeat(63) });
    const app = new App();
    new SparkS3Platform(app, 'platform', { config: validateConfig(data, 'long-selector') });
    const daemonSet = app.charts
      .flatMap((chart) => chart.node.findAll())
      .find((c): c is ApiObject => c instanceof ApiObject && c.kind === 'DaemonSet')!;
    const expressions = withFastResolve(() => daemonSet.toJson()).spec.template.spec.affinity.nodeAffinity
      .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions;
    const walked = sealIfLarge(JSON.parse(JSON.stringify(expressions)), expressions.length);
    const fragments = ['\0In\0', '\0operator\0', '\0example.com/key7\0', '\0v999\0', 'b'.repeat(63), '\0key\0', '\0Exists\0'];
    const answers = (list: object) => [
      sealedSummary(list).nodes,
      sealedSummary(list).digestLike,
      ...fragments.map((f) => sealedSpells(list, [f])),
    ];
    expect([isSealed(expressions), answers(expressions)]).toEqual([true, answers(walked)]);
  });
});

describe('a library user composing the platform into an App of their own (cdk8s renders it, not synth)', () => {
  /** The platform of the node-daemonset example whose first team has long node selectors, in `app`. */
  function platformWithLongSelector(app: App): void {
    const data = yaml.load(readExample('node-daemonset.yaml')) as any;
    Object.assign(data.teams[0].nodeSelector, labels(SEALED_MEMBERS + 1));
    new SparkS3Platform(app, 'platform', { config: validateConfig(data, 'long-selector') });
  }

  /** The node selector expressions of the DaemonSet's first term as `chart.toJson()` gives them. */
  function daemonSetExpressions(app: App): any[] {
    const objects = app.charts.flatMap((chart) => chart.toJson());
    return objects.find((o) => o.kind === 'DaemonSet').spec.template.spec.affinity.nodeAffinity
      .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions;
  }

  test("the DaemonSet's objects that chart.toJson() returns may be changed, as any cdk8s object's", () => {
    expect.hasAssertions();
    const app = new App();
    platformWithLongSelector(app);
    const expressions = daemonSetExpressions(app);
    expressions.push({ key: 'added', operator: 'Exists' });
    expressions[0].values[0] = 'changed';
    expect([expressions.at(-1), expressions[0].values]).toEqual([{ key: 'added', operator: 'Exists' }, ['changed']]);
  });

  test('with CDK8S_DISABLE_SORT set, the pod templates keep a long node selector in the order it was written, as cdk8s keeps maps', () => {
    expect.hasAssertions();
    const driverSelectorKeys = (render: (app: App) => any[]): string[] => {
      const app = new App();
      platformWithLongSelector(app);
      return Object.keys(render(app).find((o) => o.kind === 'SparkApplication').spec.driver.template.spec.nodeSelector);
    };
    const objects = (app: App): any[] => app.charts.flatMap((chart) => chart.toJson());
    const written = Object.keys({
      ...(yaml.load(readExample('node-daemonset.yaml')) as any).teams[0].nodeSelector,
      ...labels(SEALED_MEMBERS + 1),
    });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect([driverSelectorKeys(objects), driverSelectorKeys((app) => withFastResolve(() => objects(app)))]).toEqual([written, written]);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test("the App's own resolvers see the DaemonSet's long node selector, as every other value", () => {
    expect.hasAssertions();
    const prefixed = {
      resolve: (context: ResolutionContext) =>
        typeof context.value === 'string' && /^v\d+$/.test(context.value) && context.replaceValue(`p-${context.value}`),
    };
    const app = new App({ resolvers: [prefixed] });
    platformWithLongSelector(app);
    const values = daemonSetExpressions(app).map((expression) => expression.values[0]);
    // The example's two labels and the long ones, none of these left as it was written.
    expect([values.length, values.filter((value) => /^v\d+$/.test(value))]).toEqual([SEALED_MEMBERS + 3, []]);
  });
});
