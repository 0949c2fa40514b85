import { strayTokens, tokenize } from '../../lib/helm/tokens';
import { chartValues } from '../../lib/helm/values';
import { exampleConfig } from '../helpers';
import { expectSameObjects, helmTemplate, synthChart } from './helm';

/** Strings that spell the tokens a config without them would get. */
const LOOK_ALIKES = ['--run-id=mpshv0000x', '7300000004', 'mpshv0001x7300000000', 'mpshvv0002x', 'x7301000000'];

describe('config text that looks like a Helm value token', () => {
  test('is rendered as written: the chart still yields the objects of manifests/', () => {
    expect.hasAssertions();
    const config = exampleConfig('multi-team.yaml');
    const app = config.sparkApplications![0] as any;
    app.arguments = [...(app.arguments ?? []), ...LOOK_ALIKES];
    app.sparkConf = { ...app.sparkConf, 'spark.mpshv0000x': '7300000004', 'spark.run': LOOK_ALIKES.join(' ') };
    const chart = synthChart(config);
    const rendered = helmTemplate([chart.name, chart.tgz]);
    // A scheduled application holds its SparkApplication spec under spec.template.
    const job = rendered.find((o) => o.kind.endsWith('SparkApplication') && o.metadata.name === app.name);
    expect((job?.spec.template ?? job?.spec)?.arguments).toEqual(expect.arrayContaining(LOOK_ALIKES));
    expectSameObjects(rendered, chart.manifests, `${chart.name}-${chart.version}`);
  });

  test('makes tokenize choose a stem and integer digits the config does not spell', () => {
    expect.hasAssertions();
    const config = exampleConfig('multi-team.yaml');
    (config.sparkApplications![0] as any).arguments = LOOK_ALIKES;
    const tokens = tokenize(config, chartValues(config));
    const text = JSON.stringify(config);
    expect(text).not.toContain(tokens.stem);
    const integerTokens = [...tokens.byToken].filter(([, value]) => value.type === 'integer').map(([token]) => token);
    expect(integerTokens.length).toBeGreaterThan(0);
    for (const token of integerTokens) expect(text).not.toContain(token.slice(0, 4));
  });

  test('strayTokens counts a stem or integer token that no value was given', () => {
    expect.hasAssertions();
    const config = exampleConfig('node-daemonset.yaml');
    const tokens = tokenize(config, chartValues(config));
    const [issued] = tokens.byToken.keys();
    expect(strayTokens({ a: [issued, `x-${issued}-y`] }, tokens)).toBe(0);
    expect(strayTokens({ a: `${tokens.stem}-suffix` }, tokens)).toBe(1);
    expect(strayTokens({ a: `${tokens.stem}9999x` }, tokens)).toBe(1);
  });

  test('tokenize leaves the config it copies as it was, every value in place', () => {
    expect.hasAssertions();
    const config = exampleConfig('pod-csi.yaml');
    const before = JSON.stringify(config);
    const values = chartValues(config);

    const tokens = tokenize(config, values);

    expect(JSON.stringify(config)).toBe(before);
    expect(JSON.stringify(tokens.config)).not.toBe(before);
    expect(tokens.byToken.size).toBe(values.length);
  });

  test('strayTokens looks at map keys and numbers too', () => {
    expect.hasAssertions();
    const config = exampleConfig('node-daemonset.yaml');
    const tokens = tokenize(config, chartValues(config));
    const issuedInteger = [...tokens.byToken].find(([, value]) => value.type === 'integer')![0];
    expect(strayTokens({ a: [Number(issuedInteger), 1, 2.5], b: { plain: true } }, tokens)).toBe(0);
    expect(strayTokens({ a: [Number(`${tokens.lead}999999`)] }, tokens)).toBe(1);
    expect(strayTokens({ a: { [`${tokens.stem}-key`]: 'value' } }, tokens)).toBe(1);
    expect(strayTokens([{ [`x${tokens.lead}999998`]: null }], tokens)).toBe(1);
  });
});
