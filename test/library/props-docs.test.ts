import { join } from 'node:path';
import * as yaml from 'js-yaml';
import * as ts from 'typescript';
import { configSchema } from '../../lib/config/schema';
import { nodePool } from '../../lib/approaches/node-userdata/config/schema-node-pool';
import { sparkRestartPolicy } from '../../lib/config/schema-spark';
import { ROOT } from '../helpers';

/**
 * The cdk8s-plus contract for the exported `…Props`: every prop documented,
 * every optional one with its `@default`. Read from lib/index.ts with the
 * TypeScript compiler, as an editor shows them to a user.
 */

interface PropDocs {
  readonly documented: boolean;
  readonly optional: boolean;
  /** The text of its `@default` tag, if it has one. */
  readonly defaultText?: string;
}

function exportedProps(): Map<string, PropDocs> {
  const program = ts.createProgram([join(ROOT, 'lib', 'index.ts')], { strict: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const index = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, 'lib', 'index.ts'))!)!;
  const found = new Map<string, PropDocs>();
  for (const exported of checker.getExportsOfModule(index)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & ts.SymbolFlags.Interface) || !symbol.name.endsWith('Props')) continue;
    for (const prop of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
      found.set(`${symbol.name}.${prop.name}`, {
        documented: ts.displayPartsToString(prop.getDocumentationComment(checker)).trim() !== '' || prop.getJsDocTags().length > 0,
        optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
        defaultText: prop
          .getJsDocTags()
          .filter((tag) => tag.name === 'default')
          .map((tag) => ts.displayPartsToString(tag.text))[0],
      });
    }
  }
  return found;
}

const props = exportedProps();

describe('exported …Props', () => {
  test('the library exports the Props of its platform, charts and constructs', () => {
    expect([...new Set([...props.keys()].map((key) => key.split('.')[0]))]).toEqual(
      expect.arrayContaining([
        'SparkS3PlatformProps',
        'ConfigChartProps',
        'NodeMountDaemonSetProps',
        'SparkJobProps',
        'KarpenterNodePoolProps',
      ]),
    );
  });

  test('every prop is documented', () => {
    expect([...props].filter(([, p]) => !p.documented).map(([key]) => key)).toEqual([]);
  });

  test('every optional prop names its @default', () => {
    expect([...props].filter(([, p]) => p.optional && p.defaultText === undefined).map(([key]) => key)).toEqual([]);
  });
});

/**
 * Props that mirror a config field take its schema default when left out
 * (the construct reads it from the schema); their `@default` must say so.
 */
const SCHEMA_DEFAULTS: Record<string, unknown> = {
  'NodeMountDaemonSetProps.priorityClassName': configSchema.properties.nodeDaemonSet.properties.priorityClassName.default,
  'NodeMountDaemonSetProps.resources': configSchema.properties.nodeDaemonSet.properties.resources.default,
  'KarpenterRootVolumeProps.volumeType': nodePool.properties.ec2NodeClass.properties.rootVolume.properties.volumeType.default,
  'KarpenterNodePoolProps.expireAfter': nodePool.properties.expireAfter.default,
  'SparkJobProps.restartPolicy': { type: sparkRestartPolicy.properties.type.default },
};

test.each(Object.entries(SCHEMA_DEFAULTS))('the @default of %s is the config schema default', (key, value) => {
  // A `@default` is a TypeScript literal; the ones here are YAML flow nodes too.
  expect(yaml.load(props.get(key)?.defaultText ?? '')).toEqual(value);
});
