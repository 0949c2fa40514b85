import * as yaml from 'js-yaml';
import { App } from 'cdk8s';
import { NodePoolsChart } from '../../lib/approaches/node-userdata/chart';
import { poolUserData } from '../../lib/approaches/node-userdata/config/pool-userdata';
import { validateConfig } from '../../lib/config/load';
import { Config } from '../../lib/config/schema';
import { toYaml } from '../../lib/rendered-files';
import { EC2_NODE_CLASS_USER_DATA_MAX_BYTES } from '../../lib/size-limits';
import { checkText, reported } from '../check/helpers';
import { problemsOf, readExample } from '../helpers';

// Karpenter merges an EC2NodeClass's userData with its own part, and EC2 refuses user
// data over 16 KB: the node-userdata example (both pools mount one bucket) with the
// bucket's prefix grown until each pool's userData is at the limit or one byte over.

/** The example with the bucket's prefix grown by `bytes` (it appears once in each pool's userData). */
function example(bytes: number): Record<string, any> {
  const data = yaml.load(readExample('node-userdata.yaml')) as Record<string, any>;
  data.buckets[0].prefix = `${'j'.repeat(4 + bytes)}/`;
  return data;
}

const userDataBytes = (config: Config): number[] => config.nodePools.map((pool) => Buffer.byteLength(poolUserData(config, pool)!));
const atLimit = example(EC2_NODE_CLASS_USER_DATA_MAX_BYTES - userDataBytes(validateConfig(example(0)))[0]);
const overLimit = example(EC2_NODE_CLASS_USER_DATA_MAX_BYTES + 1 - userDataBytes(validateConfig(example(0)))[0]);

/** The config one byte over, as validation would have returned it: the valid config at the limit, its prefix grown. */
function overLimitConfig(): Config {
  const config = validateConfig(atLimit);
  const bucket = config.buckets[0] as { prefix?: string };
  bucket.prefix = `j${bucket.prefix}`;
  return config;
}

/** check's findings on the node pools chart. */
function checkFindings(config: Config): string[] {
  const chart = new NodePoolsChart(new App(), 'node-pools', { config });
  return reported(checkText(toYaml(...chart.toJson()), '1.31'));
}

describe("a node pool's userData against EC2's 16 KB, next to Karpenter's part", () => {
  test('the configs are measured at exactly the limit and one byte over it', () => {
    expect.hasAssertions();
    expect([userDataBytes(validateConfig(atLimit)), userDataBytes(overLimitConfig())]).toEqual([
      [EC2_NODE_CLASS_USER_DATA_MAX_BYTES, EC2_NODE_CLASS_USER_DATA_MAX_BYTES],
      [EC2_NODE_CLASS_USER_DATA_MAX_BYTES + 1, EC2_NODE_CLASS_USER_DATA_MAX_BYTES + 1],
    ]);
  });

  test('userData at the limit is valid', () => {
    expect.hasAssertions();
    expect(problemsOf(atLimit)).toEqual([]);
  });

  test("one byte more is refused for each pool, with its bucket list, the size, the limit and Karpenter's share", () => {
    expect.hasAssertions();
    const message =
      "with 1 bucket to mount, this pool's EC2NodeClass userData is 13313 bytes, over the 13312 bytes that fit " +
      "EC2's 16 KB (16384 bytes) user data limit once Karpenter adds its own 3072-byte part: the launch template would " +
      'be refused and no node would start; mount fewer buckets on this pool, and the others with mount.approach pod-csi';
    expect(problemsOf(overLimit)).toEqual([`nodePools[0].buckets: ${message}`, `nodePools[1].buckets: ${message}`]);
  });

  test('check passes the EC2NodeClasses of the config at the limit', () => {
    expect.hasAssertions();
    expect(checkFindings(validateConfig(atLimit))).toEqual([]);
  });

  test('check refuses the EC2NodeClasses one byte over, as the config rule does', () => {
    expect.hasAssertions();
    expect(checkFindings(overLimitConfig())).toEqual([
      'userdata-size EC2NodeClass/spark-amd64-spot /spec/userData',
      'userdata-size EC2NodeClass/spark-arm64-on-demand /spec/userData',
    ]);
  });
});
