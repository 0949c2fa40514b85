import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { kustomize } from '../gitops/kustomize-build';
import { defaultConfigData, problemsOf, readExample, runCli, tempDir } from '../helpers';

const SEPARATOR = '\u2028';

describe('characters YAML 1.1 readers take as line breaks', () => {
  test('the premise: real kubectl kustomize reads a plain scalar holding U+2028 only up to it', () => {
    expect.hasAssertions();
    const dir = tempDir();
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
    writeFileSync(join(dir, 'cm.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: keep${SEPARATOR}#dropped\n`);
    expect(kustomize(dir)[0].data).toEqual({ a: 'keep' });
  });

  test.each([
    ['U+2028', '\u2028', 'U+2028 (LINE SEPARATOR)'],
    ['U+2029', '\u2029', 'U+2029 (PARAGRAPH SEPARATOR)'],
    ['U+0085', '\u0085', 'U+0085 (NEXT LINE)'],
  ])('%s in a Spark argument is refused with its path', (_name, character, description) => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.sparkApplications[0].arguments = ['ok', `keep${character}#dropped`];
    expect(problemsOf(data)).toEqual([
      `sparkApplications[0].arguments[1]: the value holds ${description}, which Helm, kubectl and the API server read as a line break; remove it or write it another way`,
    ]);
  });

  test('the premise: real kubectl kustomize refuses a file with DEL in a string, even escaped', () => {
    expect.hasAssertions();
    const dir = tempDir();
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "a\\u007fb"\n');
    expect(() => kustomize(dir)).toThrow(/control characters are not allowed/);
  });

  test.each([
    ['DEL', '\u007f', 'U+007F'],
    ['a C1 control', '\u0080', 'U+0080'],
    ['U+FFFE', '\ufffe', 'U+FFFE'],
    ['U+FFFF', '\uffff', 'U+FFFF'],
  ])('%s in a sparkConf value is refused with its path', (_name, character, code) => {
    expect.hasAssertions();
    const data = defaultConfigData();
    data.sparkApplications[0].sparkConf = { 'spark.x': `a${character}b` };
    expect(problemsOf(data)).toEqual([
      `sparkApplications[0].sparkConf."spark.x": the value holds ${code}, a control character or noncharacter that kubectl kustomize (Go's YAML) refuses in any file; remove it`,
    ]);
  });

  test('a map key holding U+2028 is refused with its path', () => {
    expect.hasAssertions();
    const data = yaml.load(readExample('node-userdata.yaml')) as Record<string, any>;
    data.nodePools[0].ec2NodeClass.tags = { [`team${SEPARATOR}x`]: 'v' };
    expect(problemsOf(data)).toEqual([
      `nodePools[0].ec2NodeClass.tags."team${SEPARATOR}x": the key holds U+2028 (LINE SEPARATOR), which Helm, kubectl and the API server read as a line break; remove it or write it another way`,
    ]);
  });

  test('synth refuses such a config with exit 2 and writes nothing', () => {
    expect.hasAssertions();
    const dir = tempDir();
    const data = defaultConfigData();
    data.sparkApplications[0].arguments = [`keep${SEPARATOR}#dropped`];
    const config = join(dir, 'platform.yaml');
    writeFileSync(config, yaml.dump(data));
    const result = runCli(['synth', '--config', config, '--out', join(dir, 'out')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('sparkApplications[0].arguments[0]: the value holds U+2028 (LINE SEPARATOR)');
    expect(runCli(['validate', '--config', config]).status).toBe(2);
  });
});
