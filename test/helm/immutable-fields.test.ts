import { createHash } from 'node:crypto';
import { valuesInImmutableFields } from '../../lib/helm/immutable-fields';
import { withTokenValues } from '../../lib/helm/token-values';
import { tokenize } from '../../lib/helm/tokens';
import { chartValues } from '../../lib/helm/values';
import { exampleConfig } from '../helpers';

const config = exampleConfig('pod-csi.yaml');
const tokens = tokenize(config, chartValues(config));
const [bucketToken, bucket] = [...tokens.byToken].find(([, value]) => value.configPath === 'buckets[0].bucket')!;
const pv = { kind: 'PersistentVolume', spec: { csi: { volumeAttributes: { bucketName: bucketToken } }, mountOptions: ['region x'] } };

describe('values in immutable fields', () => {
  test("a token in a PersistentVolume's spec.csi makes its value fixed; one in mountOptions does not", () => {
    expect.hasAssertions();
    const [regionToken] = [...tokens.byToken].find(([, value]) => value.configPath === 'cluster.region')!;
    const objects = [{ ...pv, spec: { ...pv.spec, mountOptions: [`region ${regionToken}`] } }];
    expect([...valuesInImmutableFields(objects, tokens)]).toEqual([bucket]);
  });

  test('are written back as their values wherever their token is, keys included', () => {
    expect.hasAssertions();
    const objects = { pv, conf: { [`s3a://${bucketToken}/x`]: `s3a://${bucketToken}/` } };
    expect(withTokenValues(objects, tokens, new Set([bucket]), false)).toEqual({
      pv: { ...pv, spec: { ...pv.spec, csi: { volumeAttributes: { bucketName: 'my-spark-jars' } } } },
      conf: { 's3a://my-spark-jars/x': 's3a://my-spark-jars/' },
    });
  });

  test('cannot be written back when a digest depends on them (the app is built again instead)', () => {
    expect.hasAssertions();
    const script = `mount ${bucketToken}`;
    const objects = { pv, script, digest: createHash('sha256').update(script).digest('hex') };
    expect(withTokenValues(objects, tokens, new Set([bucket]), false)).toBeUndefined();
  });
});
