import { join } from 'node:path';
import { loadConfigText } from '../../lib/config/load';
import { Config } from '../../lib/config/schema';
import { RenderedFiles } from '../../lib/rendered-files';
import { synthesize } from '../../lib/synth/synthesize';
import { writeOutput } from '../../lib/synth/write';
import { tempDir } from '../helpers';
import { helmTemplate } from './helm';

// The benchmark's platform generator: one bucket, team and SparkApplication per team.
const { scaleConfig } = require('../../bench/scale-config') as { scaleConfig: (teams: number) => unknown };

/** Helm refuses a chart whose files (any one of them, decompressed) exceed this. */
const HELM_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** A platform past the ~1,600 teams where one template per cdk8s chart broke Helm's limit. */
const LARGE_PLATFORM_TEAMS = 2_000;
const SMALL = 50;
const MEDIUM = 100;

function platform(teams: number): Config {
  return loadConfigText(JSON.stringify(scaleConfig(teams)), `teams-${teams}.json`);
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

describe(`a chart of ${MEDIUM} teams, extrapolated to ${LARGE_PLATFORM_TEAMS.toLocaleString('en-US')}`, () => {
  const smallConfig = platform(SMALL);
  const small = chartFileSizes(smallConfig, synthesize(smallConfig));
  const config = platform(MEDIUM);
  const files = synthesize(config);
  const medium = chartFileSizes(config, files);
  const templates = [...medium.keys()].filter((path) => /^templates\/[^/]+\/[^/]+\.yaml$/.test(path));

  test("one cdk8s chart's objects in a single file would exceed Helm's limit there", () => {
    const chartTotal = (sizes: Map<string, number>, id: string) =>
      [...sizes].filter(([path]) => path.startsWith(`templates/${id}/`)).reduce((sum, [, bytes]) => sum + bytes, 0);
    expect(
      extrapolated(chartTotal(small, 'spark-applications'), chartTotal(medium, 'spark-applications'), LARGE_PLATFORM_TEAMS),
    ).toBeGreaterThan(HELM_MAX_FILE_BYTES);
  });

  test('each template file holds one object, so adding teams adds files instead of growing them', () => {
    expect(templates.length).toBeGreaterThan(3 * MEDIUM);
    expect(templates.filter((path) => String(files.get(`helm/${config.chart.name}/${path}`)).includes('\n---'))).toEqual([]);
    expect(templates.filter((path) => small.has(path) && small.get(path) !== medium.get(path))).toEqual([
      // Objects that list every bucket of their kind: the node-level mounts' DaemonSet and the pod-csi claim policy.
      'templates/node-daemonset/daemonset-mountpoint-s3-mountpoint-s3.yaml',
      'templates/pod-csi/validatingadmissionpolicy-spark-platform-s3-claims.yaml',
    ]);
  });

  test("every chart file stays under 80% of Helm's 5 MiB limit", () => {
    const over = [...medium]
      .map(([path, bytes]): [string, number] => [
        path,
        small.has(path) ? extrapolated(small.get(path) as number, bytes, LARGE_PLATFORM_TEAMS) : bytes,
      ])
      .filter(([, bytes]) => bytes > HELM_MAX_FILE_BYTES * 0.8);
    expect(over).toEqual([]);
  });

  test('helm template renders every object of the chart', () => {
    const out = tempDir();
    writeOutput(out, files);
    const objects = helmTemplate(['scale', join(out, 'helm', `${config.chart.name}-${config.chart.version}.tgz`)]);
    expect(objects).toHaveLength(templates.length);
  });
});
