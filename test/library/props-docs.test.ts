import { join } from 'node:path';
import * as ts from 'typescript';
import { ROOT } from '../helpers';

/**
 * The cdk8s-plus contract for the exported `…Props`: every prop documented,
 * every optional one with its `@default`. Read from lib/index.ts with the
 * TypeScript compiler, as an editor shows them to a user.
 */

function exportedProps(): Map<string, { documented: boolean; optional: boolean; hasDefault: boolean }> {
  const program = ts.createProgram([join(ROOT, 'lib', 'index.ts')], { strict: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const index = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, 'lib', 'index.ts'))!)!;
  const found = new Map<string, { documented: boolean; optional: boolean; hasDefault: boolean }>();
  for (const exported of checker.getExportsOfModule(index)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & ts.SymbolFlags.Interface) || !symbol.name.endsWith('Props')) continue;
    for (const prop of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
      found.set(`${symbol.name}.${prop.name}`, {
        documented: ts.displayPartsToString(prop.getDocumentationComment(checker)).trim() !== '' || prop.getJsDocTags().length > 0,
        optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
        hasDefault: prop.getJsDocTags().some((tag) => tag.name === 'default'),
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
    expect([...props].filter(([, p]) => p.optional && !p.hasDefault).map(([key]) => key)).toEqual([]);
  });
});
