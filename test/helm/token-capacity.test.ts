import { tokenize } from '../../lib/helm/tokens';
import { ChartValue } from '../../lib/helm/values';
import { exampleConfig } from '../helpers';

// A platform of 1,000 teams has some 15,000 chart values: past four-digit tokens.
test('tokens stay unique and recognizable beyond 10,000 chart values', () => {
  const config = exampleConfig('node-daemonset.yaml');
  const value = (type: 'string' | 'integer'): ChartValue => ({
    configPath: 'x',
    location: type === 'string' ? ['buckets', 0, 'bucket'] : ['nodeDaemonSet', 'checkIntervalSeconds'],
    key: ['x'],
    value: 0,
    type,
    schema: {},
  });
  const values = Array.from({ length: 15_000 }, (_, i) => value(i % 2 ? 'integer' : 'string'));
  const tokens = tokenize(config, values);
  expect(tokens.byToken.size).toBe(15_000);
  const text = [...tokens.byToken.keys()].join(' ');
  expect(text.match(tokens.pattern)).toEqual([...tokens.byToken.keys()]);
});
