import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { MountApproachModule } from '../../lib/approaches/mount-approach';
import { MOUNT_APPROACH_MODULES } from '../../lib/approaches/registry';
import { MOUNT_APPROACHES, MountApproach } from '../../lib/config/schema';
import { renderOverview } from '../../lib/overview/overview';
import { approachChart, SparkS3Platform } from '../../lib/platform';
import { exampleConfig, ROOT } from '../helpers';

/**
 * "Adding a mount approach" in ARCHITECTURE.md: one folder, one entry in the
 * registry (and its chart in lib/platform.ts). These tests hold each
 * registered approach to everything a user meets of it.
 */
describe('the mount approach registry', () => {
  test('lists exactly the approaches the schema accepts, in its order', () => {
    expect(Object.keys(MOUNT_APPROACH_MODULES)).toEqual([...MOUNT_APPROACHES]);
  });

  test('does not compile without an entry for every approach', () => {
    // tsc -p . (npm test) fails if this line compiles: the Record needs all three entries.
    // @ts-expect-error 'pod-csi' is missing
    const incomplete: Record<MountApproach, MountApproachModule> = {
      'node-daemonset': MOUNT_APPROACH_MODULES['node-daemonset'],
      'node-userdata': MOUNT_APPROACH_MODULES['node-userdata'],
    };
    expect(Object.keys(incomplete)).not.toContain('pod-csi');
  });
});

describe.each(MOUNT_APPROACHES)('registered approach %s', (approach) => {
  const example = `${approach}.yaml`;

  test('has an example (its `init --approach` starter) that mounts a bucket this way', () => {
    expect(exampleConfig(example).buckets.map((b) => b.mount.approach)).toContain(approach);
  });

  test('has its section in README.md', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\n### ${approach}, in detail\n`);
  });

  // test/overview: the names are distinct.
  test('has its name in the bucket table of its example OVERVIEW.md', () => {
    expect(renderOverview(exampleConfig(example))).toContain(`| ${MOUNT_APPROACH_MODULES[approach].title} |`);
  });

  test('has a chart that the platform builds for its example', () => {
    const { id, chart } = approachChart(approach);
    const platform = new SparkS3Platform(new App(), 'platform', { config: exampleConfig(example) });
    expect(platform.charts.find((c) => c.node.id === id)).toBeInstanceOf(chart);
  });
});
