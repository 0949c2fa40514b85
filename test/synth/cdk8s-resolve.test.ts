import {
  ApiObject,
  App,
  Chart,
  Cron,
  Duration,
  IResolver,
  JsonPatch,
  Lazy,
  NumberStringUnionResolver,
  ResolutionContext,
  Size,
} from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as resolveModule from 'cdk8s/lib/resolve';
import * as utilModule from 'cdk8s/lib/_util';
import { withFastResolve } from '../../lib/cdk8s-resolve';
import { k8s } from '../../lib/constructs/k8s';
import { SparkS3Platform } from '../../lib/platform';
import { exampleConfig } from '../helpers';

/** What `toJson()` of each object gives (or the error it throws), as text: key order counts. */
function rendered(objects: readonly ApiObject[]): string[] {
  return objects.map((object) => {
    try {
      return JSON.stringify(object.toJson());
    } catch (error) {
      return `error: ${(error as Error).message}`;
    }
  });
}

/** A chart of objects that use what cdk8s resolves: Lazy values, tokens, unions, escape-hatch patches, odd maps. */
function hostileObjects(app: App): ApiObject[] {
  const chart = new Chart(app, 'hostile');
  const token = { resolve: () => ({ z: 'last', a: Lazy.any({ produce: () => [3, undefined, null, { b: 2, a: 1 }] }) }) };
  const protoKey: Record<string, unknown> = { plain: 'kept' };
  Object.defineProperty(protoKey, '__proto__', { value: { polluted: true }, enumerable: true });
  const sparse: unknown[] = [1];
  sparse[3] = 'four';
  const objects: ApiObject[] = [
    new ApiObject(chart, 'lazy', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { labels: { b: 'x', a: Lazy.any({ produce: () => 'lazy-label' }) } },
      data: { token, nested: Lazy.any({ produce: () => Lazy.any({ produce: () => ({ deep: token }) }) }) },
    } as never),
    new ApiObject(chart, 'odd-maps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { protoKey, sparse, empty: {}, none: [], undefinedMember: undefined, nul: null },
    } as never),
    new ApiObject(chart, 'constructor-key', { apiVersion: 'v1', kind: 'ConfigMap', data: { constructor: 'c' } } as never),
    new ApiObject(chart, 'no-prototype', { apiVersion: 'v1', kind: 'ConfigMap', data: Object.create(null) as object } as never),
    new ApiObject(chart, 'date', { apiVersion: 'v1', kind: 'ConfigMap', data: { when: new Date(0) } } as never),
    new k8s.KubeService(chart, 'unions', {
      spec: {
        ports: [
          { port: 80, targetPort: k8s.IntOrString.fromString('http') },
          { port: 81, targetPort: k8s.IntOrString.fromNumber(8081) },
        ],
      },
    }),
    new k8s.KubePod(chart, 'quantities', {
      spec: {
        containers: [{ name: 'c', resources: { limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromNumber(2) } } }],
      },
    }),
  ];
  const patched = new k8s.KubeNamespace(chart, 'patched', { metadata: { labels: { a: '1' } } });
  patched.addJsonPatch(
    JsonPatch.add('/metadata/labels/b', '2'),
    JsonPatch.remove('/metadata/labels/a'),
    JsonPatch.add('/spec', { finalizers: [] }),
  );
  objects.push(patched);
  return objects;
}

describe('withFastResolve renders cdk8s objects as cdk8s does', () => {
  test('Lazy values, tokens, number-or-string unions, JSON patches, __proto__ and constructor keys, sparse arrays and non-plain objects give the same JSON or the same error', () => {
    expect.hasAssertions();
    const objects = hostileObjects(new App());

    const fast = withFastResolve(() => rendered(objects));

    expect(fast).toEqual(rendered(objects));
    expect(fast.filter((text) => text.startsWith('error:'))).toHaveLength(3); // a constructor key, no prototype, a Date: cdk8s refuses them
  });

  test('Lazy values are produced in the order cdk8s produces them (depth first, keys as inserted), though maps come out sorted', () => {
    expect.hasAssertions();
    const produceOrder = (): string[] => {
      const produced: string[] = [];
      const lazy = (name: string, value: unknown = name) => Lazy.any({ produce: () => (produced.push(name), value) });
      const chart = new Chart(new App(), 'order');
      const object = new ApiObject(chart, 'cm', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { labels: { z: lazy('label-z'), a: lazy('label-a') } },
        data: { zeta: lazy('zeta', { y: lazy('zeta.y'), b: lazy('zeta.b') }), alpha: lazy('alpha'), 10: lazy('ten'), 2: lazy('two') },
      } as never);
      produced.push(JSON.stringify(object.toJson()));
      return produced;
    };

    const fast = withFastResolve(produceOrder);

    expect(fast).toEqual(produceOrder());
  });

  test('with CDK8S_DISABLE_SORT set, maps keep the order cdk8s keeps', () => {
    expect.hasAssertions();
    const render = () =>
      JSON.stringify(
        hostileObjects(new App())
          .slice(0, 2)
          .map((object) => object.toJson()),
      );
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const fast = withFastResolve(render);

      expect(fast).toEqual(render());
      expect(fast.indexOf('"token"')).toBeLessThan(fast.indexOf('"nested"'));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('metadata drops empty maps and lists, and null members, as cdk8s does', () => {
    expect.hasAssertions();
    const chart = new Chart(new App(), 'metadata');
    const object = new ApiObject(chart, 'cm', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        labels: { b: 'x', a: 'y' },
        extra: { keep: { z: [null, {}, 1], nul: null, empty: {}, none: [], deep: { gone: {} } } },
      },
      data: { nul: null, empty: {}, list: [null, {}, []] },
    } as never);

    const fast = withFastResolve(() => JSON.stringify(object.toJson()));

    expect(fast).toEqual(JSON.stringify(object.toJson()));
  });

  test.each([
    ['a few keys (sorted in place)', 7],
    ['many keys (past the in-place sort)', 60],
  ])('maps of %s, inserted out of order, with null members, come out as cdk8s sorts them', (_, count) => {
    expect.hasAssertions();
    const keys = ['Zeta', 'zeta', 'alpha', '_under', 'é', '😀', 'a/b', 'A', '0x', '10', '9', 'ß'];
    const map: Record<string, unknown> = {};
    for (let i = 0; i < count; i++)
      map[`${keys[i % keys.length]}${count - i}`] = i % 5 === 0 ? null : { n: i, [`${keys[(i * 7) % keys.length]}`]: [i] };
    const object = new ApiObject(new Chart(new App(), 'sorted'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', data: map } as never);

    const fast = withFastResolve(() => JSON.stringify(object.toJson()));

    expect(fast).toEqual(JSON.stringify(object.toJson()));
  });

  test('Lazy values of a map of many keys out of order are produced as cdk8s produces them', () => {
    expect.hasAssertions();
    const produceOrder = (): string[] => {
      const produced: string[] = [];
      const data: Record<string, unknown> = {};
      for (let i = 40; i > 0; i--) data[`key-${i}`] = Lazy.any({ produce: () => (produced.push(`key-${i}`), i % 3 ? String(i) : null) });
      const object = new ApiObject(new Chart(new App(), 'order'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', data } as never);
      produced.push(JSON.stringify(object.toJson()));
      return produced;
    };

    const fast = withFastResolve(produceOrder);

    expect(fast).toEqual(produceOrder());
  });

  test('metadata with large maps and lists (sealed as rendered) drops their empty members as cdk8s does', () => {
    expect.hasAssertions();
    const labels = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`label-${1500 - i}`, `v${i}`]));
    const list = Array.from({ length: 1200 }, (_, i) => (i % 100 === 0 ? {} : i % 101 === 0 ? [] : { i, empty: {}, none: [] }));
    const object = new ApiObject(new Chart(new App(), 'large'), 'cm', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { labels, annotations: { a: 'b' }, extra: { list, keep: [labels] } },
      data: { list },
    } as never);

    const fast = withFastResolve(() => JSON.stringify(object.toJson()));

    expect(fast).toEqual(JSON.stringify(object.toJson()));
  });

  test("an app's own resolvers still run, with the key path of each value", () => {
    expect.hasAssertions();
    const seen: string[] = [];
    const upper: IResolver = {
      resolve(context: ResolutionContext) {
        seen.push(context.key.join('/'));
        if (typeof context.value === 'string' && context.value.startsWith('up:'))
          context.replaceValue(context.value.slice(3).toUpperCase());
      },
    };
    const chart = new Chart(new App({ resolvers: [upper] }), 'custom');
    const object = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', data: { greeting: 'up:hello' } } as never);

    const json = withFastResolve(() => object.toJson()) as { data: Record<string, string> };

    expect(json.data.greeting).toBe('HELLO');
    expect(seen).toContain('data/greeting');
  });

  test("cdk8s' own resolve and sanitizeValue are replaced while rendering, and back afterwards, also when rendering throws", () => {
    expect.hasAssertions();
    const original = [resolveModule.resolve, utilModule.sanitizeValue];

    expect(withFastResolve(() => [resolveModule.resolve, utilModule.sanitizeValue])).not.toContain(original[0]);
    expect(withFastResolve(() => utilModule.sanitizeValue)).not.toBe(original[1]);

    expect(() =>
      withFastResolve(() => {
        throw new Error('render failed');
      }),
    ).toThrow('render failed');
    expect([resolveModule.resolve, utilModule.sanitizeValue]).toEqual(original);
  });

  test.each(['resolve', 'sanitizeValue'] as const)('cdk8s renders as it is when its %s cannot be replaced', (name) => {
    expect.hasAssertions();
    const module = (name === 'resolve' ? resolveModule : utilModule) as unknown as Record<string, unknown>;
    const descriptor = Object.getOwnPropertyDescriptor(module, name)!;
    const render = () => rendered(hostileObjects(new App()));
    Object.defineProperty(module, name, { ...descriptor, writable: false });
    try {
      const fast = withFastResolve(render);

      expect(fast).toEqual(render());
      expect([resolveModule.resolve, utilModule.sanitizeValue]).not.toContain(undefined);
    } finally {
      Object.defineProperty(module, name, descriptor);
    }
  });

  test("a default resolver whose class's resolve was replaced (a plugin patching cdk8s) still runs as patched", () => {
    expect.hasAssertions();
    class Port {
      constructor(readonly value: number) {}
    }
    const chart = new Chart(new App(), 'patched-resolver');
    const object = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', data: { port: new Port(8080) } } as never);
    const original = NumberStringUnionResolver.prototype.resolve;
    NumberStringUnionResolver.prototype.resolve = function (this: NumberStringUnionResolver, context: ResolutionContext) {
      if (context.value instanceof Port) context.replaceValue(`port-${context.value.value}`);
      else original.call(this, context);
    };
    try {
      const json = withFastResolve(() => object.toJson()) as { data: Record<string, unknown> };

      expect(json.data.port).toBe('port-8080');
    } finally {
      NumberStringUnionResolver.prototype.resolve = original;
    }
  });

  test("cdk8s-plus constructs, the platform and a user's own chart in one app, with an escape-hatch patch, render as cdk8s renders them", () => {
    expect.hasAssertions();
    const app = new App();
    const plus = new Chart(app, 'plus');
    const configMap = new kplus.ConfigMap(plus, 'settings', { data: { mode: 'fast' } });
    const deployment = new kplus.Deployment(plus, 'web', {
      replicas: 2,
      containers: [
        {
          image: 'nginx:1.27',
          portNumber: 8080,
          resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { limit: Size.gibibytes(2) } },
          liveness: kplus.Probe.fromHttpGet('/healthz', { periodSeconds: Duration.seconds(5) }),
        },
      ],
    });
    deployment.containers[0].mount('/etc/settings', kplus.Volume.fromConfigMap(plus, 'settings-volume', configMap));
    deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    new kplus.CronJob(plus, 'nightly', { schedule: Cron.daily(), containers: [{ image: 'busybox:1.36' }] });
    const role = new kplus.Role(plus, 'reader');
    role.allowRead(configMap);
    role.bind(new kplus.ServiceAccount(plus, 'reader-account'));
    ApiObject.of(deployment).addJsonPatch(JsonPatch.add('/spec/minReadySeconds', 5));
    new SparkS3Platform(app, 'platform', { config: exampleConfig('node-daemonset.yaml') });
    const own = new Chart(app, 'own');
    new ApiObject(own, 'raw', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { lazy: Lazy.any({ produce: () => ({ toJSON: () => 'not called', kept: 1 }) }) },
    } as never);
    const render = (): string[] => app.charts.map((chart) => JSON.stringify(chart.toJson()));

    const fast = withFastResolve(render);

    expect(fast).toEqual(render());
  });
});
