import { Environment, environmentConfigs } from '../../lib/config/environments';
import { loadConfig } from '../../lib/config/load';
import { packagePath } from '../../lib/package-root';
import { renderEnvironmentsOverview } from '../../lib/overview/environments';
import { exampleConfig } from '../helpers';

const EXAMPLE = packagePath('examples', 'environments.yaml');

function exampleEnvironments(): Environment[] {
  return environmentConfigs(loadConfig(EXAMPLE), EXAMPLE);
}

/** One chart per environment, for a reason the tests do not look at. */
const EACH_OWN = { causes: ['teams.risk'] };

/** The rows of the "What differs" table, without the header. */
function differenceRows(overview: string): string[] {
  const section = overview.split('## What differs between environments\n')[1].split('## Helm chart')[0];
  return section
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .slice(2);
}

describe('DIR/OVERVIEW.md of a config with environments', () => {
  test('a field that differs is one row with its value in each environment', () => {
    expect.hasAssertions();
    expect(differenceRows(renderEnvironmentsOverview(exampleEnvironments(), EACH_OWN))).toContain(
      '| `cluster.name` | `spark-dev` | `spark-prod` |',
    );
  });

  test('a default one environment overrides shows the default in the others', () => {
    expect.hasAssertions();
    expect(differenceRows(renderEnvironmentsOverview(exampleEnvironments(), EACH_OWN))).toContain(
      '| `sparkApplications."daily-report".executor.memory` | `2g` | `8g` |',
    );
  });

  test('an item only some environments have is one row, not one per field', () => {
    expect.hasAssertions();
    const rows = differenceRows(renderEnvironmentsOverview(exampleEnvironments(), EACH_OWN));
    expect(rows.filter((row) => row.includes('teams.risk'))).toEqual(['| `teams.risk` | (not set) | (present) |']);
  });

  test('each environment links to its own overview', () => {
    expect.hasAssertions();
    expect(renderEnvironmentsOverview(exampleEnvironments(), EACH_OWN)).toContain(
      '| prod | spark-prod | us-west-2 | 1.30 | 2 | 1 | 2 | [prod/](prod/OVERVIEW.md) |',
    );
  });

  test('environments with the same config say so instead of an empty table', () => {
    expect.hasAssertions();
    const config = exampleConfig('pod-csi.yaml');
    const overview = renderEnvironmentsOverview(
      [
        { name: 'a', config },
        { name: 'b', config },
      ],
      EACH_OWN,
    );
    expect(overview).toContain('## What differs between environments\n\nNothing: every environment has the same config.\n');
  });

  test('a value with a pipe, backticks and a line break stays in its one cell', () => {
    expect.hasAssertions();
    const config = exampleConfig('pod-csi.yaml');
    const hostile = { ...config, chart: { ...config.chart, description: 'a | b ``c``\n| d |' } };
    const rows = differenceRows(
      renderEnvironmentsOverview(
        [
          { name: 'a', config },
          { name: 'b', config: hostile },
        ],
        EACH_OWN,
      ),
    );
    expect(rows).toEqual([`| \`chart.description\` | \`${config.chart.description}\` | \`\`\`"a \\| b \`\`c\`\`\\n\\| d \\|"\`\`\` |`]);
  });

  test('a shared Helm chart is named with the values file of each environment', () => {
    expect.hasAssertions();
    const overview = renderEnvironmentsOverview(exampleEnvironments(), { shared: 'spark-s3-jars' });
    expect(overview).toContain('- prod: `helm template spark-s3-jars helm/spark-s3-jars -f helm/spark-s3-jars/values-prod.yaml`\n');
  });

  test('one chart per environment names the fields that cause it', () => {
    expect.hasAssertions();
    const overview = renderEnvironmentsOverview(exampleEnvironments(), { causes: ['teams.risk', 'nodePools.spark.capacityTypes'] });
    expect(overview.split('## Helm chart\n')[1]).toContain('\n- `teams.risk`\n- `nodePools.spark.capacityTypes`\n');
  });
});
