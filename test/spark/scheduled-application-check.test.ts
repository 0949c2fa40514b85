import { checkRenderedManifests } from '../../lib/check/rendered-manifests';
import { KUBERNETES_VERSIONS } from '../../lib/config/schema';
import { synthesize } from '../../lib/synth/synthesize';
import { reported } from '../check/helpers';
import { exampleConfig } from '../helpers';

/**
 * The multi-team example's recurring job is a ScheduledSparkApplication. With
 * the pod-csi admission policy off (its API is GA only from 1.30) the whole
 * output runs on every supported Kubernetes version, and `check` validates the
 * ScheduledSparkApplication against the vendored v2.5.2 CRD on each.
 */
const config = exampleConfig('multi-team.yaml');
config.podCsi.admissionPolicy.enabled = false;
const files = synthesize(config);

test.each([...KUBERNETES_VERSIONS])('the ScheduledSparkApplication example passes check on Kubernetes %s', (version) => {
  expect.hasAssertions();
  const report = checkRenderedManifests(files, version);
  const scheduled = report.resources.filter((r) => r.object.kind === 'ScheduledSparkApplication');
  expect(scheduled.map((r) => r.object.metadata?.name)).toEqual(['daily-revenue']);
  expect(reported(report)).toEqual([]);
  expect(report.findings.filter((f) => scheduled.includes(f.resource))).toEqual([]);
});
