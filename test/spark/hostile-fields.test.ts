import * as yaml from 'js-yaml';
import { join } from 'node:path';
import { loadConfigText } from '../../lib/config/load';
import { synthesize } from '../../lib/synth/synthesize';
import { writeOutput } from '../../lib/synth/write';
import { defaultConfigData, K8sObject, tempDir, textFile } from '../helpers';
import { helmTemplate } from '../helm/helm';

/** Go template syntax, YAML structure, shell and quotes: what the Spark operator fields must carry through unchanged. */
const HOSTILE = '{{ .Release.Name }} {{- fail "x" -}} \' " $(touch /tmp/pwned) `id`\nnext: line # not a comment';

function hostileConfig() {
  const data = defaultConfigData();
  const app = data.sparkApplications[0];
  app.arguments.push(HOSTILE);
  app.sparkConf['spark.hostile'] = HOSTILE;
  app.hadoopConf = { 'fs.s3a.hostile': HOSTILE };
  app.sparkUIOptions = { serviceAnnotations: { 'example.com/hostile': HOSTILE } };
  app.schedule = { cron: 'CRON_TZ=Europe/Berlin 0 2 * * MON-FRI' };
  app.restartPolicy = { type: 'OnFailure', onFailureRetries: 0 };
  app.dynamicAllocation = { maxExecutors: 3 };
  return loadConfigText(yaml.dump(data), 'hostile.yaml');
}

describe('hostile strings in the Spark operator fields', () => {
  const config = hostileConfig();
  const files = synthesize(config);
  const bundled = (yaml.loadAll(textFile(files, 'manifests/spark-applications.k8s.yaml')) as K8sObject[])[0];

  test('reach the ScheduledSparkApplication unchanged', () => {
    expect.hasAssertions();
    const spec = bundled.spec.template;
    expect([
      spec.arguments.at(-1),
      spec.sparkConf['spark.hostile'],
      spec.hadoopConf['fs.s3a.hostile'],
      spec.sparkUIOptions.serviceAnnotations['example.com/hostile'],
    ]).toEqual([HOSTILE, HOSTILE, HOSTILE, HOSTILE]);
  });

  test('render through the Helm chart as the same object', () => {
    expect.hasAssertions();
    const out = tempDir();
    writeOutput(out, files);
    const rendered = helmTemplate([config.chart.name, join(out, 'helm', `${config.chart.name}-${config.chart.version}.tgz`)]);
    expect(rendered.find((o) => o.kind === 'ScheduledSparkApplication')?.spec).toEqual(bundled.spec);
  });
});
