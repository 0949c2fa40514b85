import { Testing } from 'cdk8s';
import { SparkS3Platform } from '../../lib';
import { exampleConfig } from '../helpers';
import { alone, patchedBy } from './synth';

const inChart = () => alone((chart) => new SparkS3Platform(chart, 'platform', { config: exampleConfig('pod-csi.yaml') }));

describe('SparkS3Platform', () => {
  test('in a Testing.chart(), adds the charts the config needs, in apply order, and no object to the enclosing chart', () => {
    const { chart, construct } = inChart();
    expect([construct.charts.map((c) => c.node.id), Testing.synth(chart)]).toEqual([['teams', 'pod-csi', 'spark-applications'], []]);
  });

  test('each chart synthesizes its own objects', () => {
    const kinds = inChart().construct.charts.map((c) => [...new Set(Testing.synth(c).map((o) => o.kind))]);
    expect(kinds).toEqual([
      ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding'],
      ['PersistentVolume', 'PersistentVolumeClaim', 'Role', 'RoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
      ['SparkApplication'],
    ]);
  });

  test("ApiObject.of(chart.node.findChild('<team>-namespace')) patches a team's Namespace alone", () => {
    const teams = inChart().construct.charts[0];
    expect(patchedBy(teams, teams.node.findChild('spark-team-a-namespace'))).toEqual({ 'Namespace/spark-team-a': ['example.com/patched'] });
  });
});
