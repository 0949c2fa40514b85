import * as yaml from 'js-yaml';
import { validateConfig } from '../../lib/config/load';
import { readExample } from '../helpers';
import { expectSameObjects, helmTemplate, synthChart } from './helm';

/**
 * Keys named like the label maps the chart rewrites (`labels`, `matchLabels`)
 * are ordinary keys elsewhere: a node label, a Spark setting. Their string
 * values stay strings in the chart, as in the manifests.
 */
function configWith(nodeSelector: Record<string, string>, sparkConf: Record<string, string>) {
  const data = yaml.load(readExample('node-daemonset.yaml')) as any;
  Object.assign(data.teams[0].nodeSelector, nodeSelector);
  Object.assign(data.sparkApplications[0].sparkConf, sparkConf);
  return validateConfig(data, 'label-named-keys');
}

describe('keys named labels or matchLabels whose value is a string', () => {
  test('node labels named so: helm template renders the manifests', () => {
    expect.hasAssertions();
    const chart = synthChart(configWith({ labels: 'x', matchLabels: 'y' }, {}));
    expectSameObjects(helmTemplate([chart.name, chart.tgz]), chart.manifests, `${chart.name}-${chart.version}`);
  });

  test('Spark settings named so: helm template renders the manifests', () => {
    expect.hasAssertions();
    const chart = synthChart(configWith({}, { labels: 'z', matchLabels: 'w' }));
    expectSameObjects(helmTemplate([chart.name, chart.tgz]), chart.manifests, `${chart.name}-${chart.version}`);
  });
});
