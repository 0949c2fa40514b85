import { createHash } from 'node:crypto';
import { plainYaml } from '../../lib/helm/plain-yaml';
import { ObjectGroup } from '../../lib/helm/templatize';
import { buildTokenizedApp, plainGroups, TokenizedApp } from '../../lib/helm/tokenized-app';
import { toYaml } from '../../lib/rendered-files';
import { sealedYamlTexts, sealIfLarge } from '../../lib/sealed';
import { exampleConfig } from '../helpers';

/*
 * synth writes the manifests from the tokenized app, each value put back as
 * it is written (plainYaml), not from copies of the objects with the values
 * back (plainGroups). What the two write must be the same bytes, whatever the
 * objects hold: these tests add objects no config makes today to the app of
 * an example, and hold plainYaml to toYaml of plainGroups.
 */

const target = exampleConfig('pod-csi.yaml');
const app = buildTokenizedApp(target);
const [token, bucket] = [...app.tokens.byToken].find(([, value]) => value.configPath === 'buckets[0].bucket')!;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The app with `groups` added after its own. */
function withGroups(...groups: ObjectGroup[]): TokenizedApp {
  return { ...app, groups: [...app.groups, ...groups] };
}

/** What plainYaml writes, and toYaml of the copies plainGroups makes, by chart. */
function bothWays(changed: TokenizedApp): { written: string[]; copied: string[] } {
  return {
    written: plainYaml(target, changed).map(({ id, text }) => `${id}\n${text}`),
    copied: plainGroups(target, changed).map(({ id, objects }) => `${id}\n${toYaml(...objects)}`),
  };
}

const configMap = (name: string, data: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

describe('the manifests written as the values are put back', () => {
  test('a digest of a text that holds a value, in an object before that text, becomes the digest of the text with the value', () => {
    expect.hasAssertions();
    const script = `mount ${token} /mnt`;
    const changed = withGroups(
      { id: 'digests', objects: [configMap('digest', { digest: sha256(script) })] },
      { id: 'scripts', objects: [configMap('script', { script })] },
    );
    const { written, copied } = bothWays(changed);
    expect(written).toEqual(copied);
    expect(written.join('')).toContain(sha256(`mount ${bucket.value} /mnt`));
  });

  test('a map key that holds a value is written with the value', () => {
    expect.hasAssertions();
    const { written, copied } = bothWays(withGroups({ id: 'keys', objects: [configMap('keys', { [`${token}.jar`]: 'x', other: 'y' })] }));
    expect(written).toEqual(copied);
    expect(written.join('')).toContain(`${bucket.value}.jar: x`);
  });

  test('a map key that becomes another key of the map once its value is back is written once, as the copy holds it', () => {
    expect.hasAssertions();
    const data = { [bucket.value as string]: 'first', [token]: 'second' };
    const { written, copied } = bothWays(withGroups({ id: 'keys', objects: [configMap('same', data)] }));
    expect(written).toEqual(copied);
    expect(written.join('')).not.toContain('first');
  });

  test('a key longer than the `yaml` package writes as a plain key is written by the package, with the value', () => {
    expect.hasAssertions();
    const long = `${'k'.repeat(1100)}${token}`;
    const { written, copied } = bothWays(withGroups({ id: 'long', objects: [configMap('long', { [long]: token })] }));
    expect(written).toEqual(copied);
    expect(written.join('')).toContain(`? ${'k'.repeat(1100)}${bucket.value as string}`);
  });

  test('a large sealed map that holds a value is written with the value, not from the text kept with it', () => {
    expect.hasAssertions();
    const labels = sealIfLarge(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i === 500 ? token : `v${i}`])), 1000);
    const { written, copied } = bothWays(withGroups({ id: 'sealed', objects: [configMap('sealed', labels)] }));
    expect(written).toEqual(copied);
    expect(written.join('')).toContain(`k500: ${bucket.value as string}`);
  });

  test('a large sealed map that holds no value is written from the text kept with it', () => {
    expect.hasAssertions();
    const labels = sealIfLarge(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, `v${i}`])), 1000);
    plainYaml(target, withGroups({ id: 'sealed', objects: [configMap('sealed', labels)] }));
    expect(sealedYamlTexts(labels)!.filter((text) => text !== undefined)).toHaveLength(1);
  });

  test('an integer token is written as the number it stands for', () => {
    expect.hasAssertions();
    const [integer, value] = [...app.tokens.byToken].find(([, candidate]) => candidate.type === 'integer')!;
    const { written, copied } = bothWays(
      withGroups({ id: 'numbers', objects: [configMap('numbers', { count: Number(integer), list: [Number(integer), 7] })] }),
    );
    expect(written).toEqual(copied);
    expect(written.join('')).toContain(`count: ${String(value.value)}`);
  });

  test('GitOps learns each object by the kind and name the manifests hold, values put back', () => {
    expect.hasAssertions();
    const charts = plainYaml(target, withGroups({ id: 'named', objects: [configMap(`jars-${token}`, {})] }));
    expect(charts.flatMap(({ heads }) => heads).at(-1)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: `jars-${bucket.value as string}`,
      namespace: undefined,
    });
  });
});
