import { absentMarker, absentNumber, absentRun } from '../../lib/helm/template-text';
import { exampleConfig } from '../helpers';
import { expectSameObjects, helmTemplate, synthChart } from './helm';

/** Every number from `first` to `last`, space-separated: text that spells each of them. */
function spelled(first: number, last: number): string {
  return Array.from({ length: last - first + 1 }, (_, i) => String(first + i)).join(' ');
}

const TEXTS = [
  [],
  [''],
  ['7300 x7301y 73027303'],
  ['a7300', '7301', '9999'],
  ['07300', '0730', '00007301', '97302x'],
  [spelled(7300, 9999)],
  [spelled(7300, 10_005)],
];

test('a config that spells every four-digit integer lead still yields a chart helm renders to the objects of manifests/', () => {
  expect.hasAssertions();
  const config = exampleConfig('node-daemonset.yaml');
  const app = config.sparkApplications![0] as any;
  app.sparkConf = { ...app.sparkConf, 'spark.bench.numbers': spelled(0, 9999) };
  const chart = synthChart(config);
  const rendered = helmTemplate([chart.name, chart.tgz]);
  expectSameObjects(rendered, chart.manifests, `${chart.name}-${chart.version}`);
});

test('absentNumber returns the number absentMarker finds by trying each in turn', () => {
  expect.hasAssertions();
  for (const texts of TEXTS) {
    expect(absentNumber(7300, texts)).toBe(Number(absentMarker((n) => String(7300 + n), texts)));
  }
});

test('absentNumber agrees with absentMarker past seven digits, where runs are kept as texts', () => {
  expect.hasAssertions();
  const texts = ['9999998 9999999', '10000000x', '0010000001', '1000000210000003'];
  expect(absentNumber(9_999_998, texts)).toBe(Number(absentMarker((n) => String(9_999_998 + n), texts)));
  expect(absentNumber(9_999_998, texts)).toBe(10_000_004);
});

test('absentRun returns the marker absentMarker finds by trying each length in turn', () => {
  expect.hasAssertions();
  const runs = [[], ['mpsh'], ['mpshv'], ['xmpshvvvx', 'mpshvmpshvv'], ['mpsh v mpshvvvvv']];
  for (const texts of runs) {
    for (const attempt of [0, 1, 3]) {
      expect(absentRun('mpsh', 'v', 1 + attempt, texts)).toBe(absentMarker((n) => `mpsh${'v'.repeat(n + 1 + attempt)}`, texts));
    }
  }
});
