import { loadConfigText } from '../../lib/config/load';
import { Config } from '../../lib/config/schema';
import { RenderedFiles } from '../../lib/rendered-files';
import { synthesize } from '../../lib/synth/synthesize';
import { exampleConfig, K8sObject } from '../helpers';
import { expectSameObjects, helmTemplate, synthChart } from './helm';
import { HELM_MAX_CHART_BYTES, HELM_MAX_FILE_BYTES } from '../../lib/helm/chart-limits';

// The benchmark's platform generator: one bucket, team and SparkApplication per team.
const { scaleConfig } = require('../../bench/scale-config') as { scaleConfig: (teams: number) => any };

/** The platform size the chart must still load at (issue 18). */
const LARGE_PLATFORM_TEAMS = 10_000;
const SMALL = 50;
const MEDIUM = 100;

/** The benchmark's two mixes: 90% pod-csi, and every bucket mounted on the nodes. */
const MIXES: Record<string, (teams: number) => unknown> = {
  'mostly pod-csi': (teams) => scaleConfig(teams),
  'all node-level': (teams) => {
    const config = scaleConfig(teams);
    for (const bucket of config.buckets) bucket.mount = { approach: 'node-daemonset', path: `/mnt/s3/${bucket.name}` };
    return config;
  },
};

function platform(mix: string, teams: number): Config {
  return loadConfigText(JSON.stringify(MIXES[mix](teams)), `teams-${teams}.json`);
}

/** Each file of the unpacked chart, by its path in the chart, with its size. */
function chartFileSizes(config: Config, files: RenderedFiles): Map<string, number> {
  const prefix = `helm/${config.chart.name}/`;
  return new Map(
    [...files]
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, content]) => [path.slice(prefix.length), Buffer.byteLength(content)]),
  );
}

/** A file's size at `teams`, extrapolated linearly from its sizes at SMALL and MEDIUM teams. */
function extrapolated(small: number, medium: number, teams: number): number {
  return medium + ((medium - small) / (MEDIUM - SMALL)) * (teams - MEDIUM);
}

describe.each(Object.keys(MIXES))(
  `a chart of ${MEDIUM} teams (%s), extrapolated to ${LARGE_PLATFORM_TEAMS.toLocaleString('en-US')}`,
  (mix) => {
    const smallConfig = platform(mix, SMALL);
    const small = chartFileSizes(smallConfig, synthesize(smallConfig));
    const config = platform(mix, MEDIUM);
    const medium = chartFileSizes(config, synthesize(config));
    const atScale = new Map(
      [...medium]
        // Named templates (_*.tpl) are cut into files of at most 2 MiB however long a script grows (named-templates.test.ts).
        .filter(([path]) => !/\/_[^/]*\.tpl$/.test(path) || path === 'templates/_values.tpl' || path === 'templates/_helpers.tpl')
        .map(([path, bytes]): [string, number] => [path, extrapolated(small.get(path) ?? bytes, bytes, LARGE_PLATFORM_TEAMS)]),
    );

    test('adding teams adds rows to the same template files, not files', () => {
      expect([...medium.keys()].sort()).toEqual([...small.keys()].sort());
      expect(medium.size).toBeLessThan(40);
    });

    test("every chart file stays under 90% of Helm's 5 MiB limit per file", () => {
      expect([...atScale].filter(([, bytes]) => bytes > HELM_MAX_FILE_BYTES * 0.9)).toEqual([]);
    });

    test("the whole chart stays under 20% of Helm's 100 MiB limit per archive", () => {
      const total = [...atScale.values()].reduce((sum, bytes) => sum + bytes, 0);
      expect(total).toBeLessThan(HELM_MAX_CHART_BYTES * 0.2);
    });
  },
);

describe.each(Object.keys(MIXES))(`the chart of ${MEDIUM} teams (%s)`, (mix) => {
  const chart = synthChart(platform(mix, MEDIUM));

  test.each([
    ['.tgz', chart.tgz],
    ['directory', chart.dir],
  ])('helm template of the %s renders exactly the objects of manifests/', (_form, path) => {
    const objects: K8sObject[] = helmTemplate([chart.name, path]);
    expect(objects).toHaveLength(chart.manifests.length);
    expectSameObjects(objects, chart.manifests, `${chart.name}-${chart.version}`);
  });
});

describe('an object whose template would pass 1 MiB (a team with 10,000 node labels)', () => {
  const config = exampleConfig('node-daemonset.yaml');
  const team = config.teams[0] as { nodeSelector?: Record<string, string> };
  team.nodeSelector = {
    ...team.nodeSelector,
    ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`bench.example.com/key${i}`, `v${i}`])),
  };
  const chart = synthChart(config);
  const sizes = chartFileSizes(config, synthesize(config));

  test('keeps an include in its template file, and its text in partial files of at most 2 MiB', () => {
    expect(sizes.get('templates/node-daemonset/daemonset-mountpoint-s3-mountpoint-s3.yaml')).toBeLessThan(200);
    expect([...sizes].filter(([, bytes]) => bytes > 2.1 * 1024 * 1024)).toEqual([]);
  });

  test('renders with real helm exactly as manifests/ holds it', () => {
    expectSameObjects(helmTemplate([chart.name, chart.tgz]), chart.manifests, `${chart.name}-${chart.version}`);
  });
});
