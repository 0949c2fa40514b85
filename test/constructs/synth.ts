import { isDeepStrictEqual } from 'node:util';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * What the construct tests share: a construct built alone in
 * `Testing.chart()`, its synthesized objects, and the cdk8s-plus escape hatch
 * (`ApiObject.of(…)`) on each of its objects.
 */

/** One construct in a `Testing.chart()` of its own. */
export function alone<T extends IConstruct>(build: (chart: Chart) => T): { chart: Chart; construct: T } {
  const chart = Testing.chart();
  return { chart, construct: build(chart) };
}

/** `Kind/namespace/name` (or `Kind/name`) of each synthesized object, in order. */
export function objectNames(chart: Chart): string[] {
  return Testing.synth(chart).map((o) => [o.kind, o.metadata.namespace, o.metadata.name].filter((part) => part !== undefined).join('/'));
}

/** The one synthesized object of `kind`. */
export function objectOfKind(chart: Chart, kind: string): any {
  const found = Testing.synth(chart).filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

/** The construct's own objects by construct id, as `Kind/name`: the ids `node.findChild` takes. */
export function childObjects(construct: IConstruct): Record<string, string> {
  return Object.fromEntries(
    construct.node.children.filter(ApiObject.isApiObject).map((child) => [child.node.id, `${child.kind}/${child.name}`]),
  );
}

const FINALIZER = 'example.com/patched';

/**
 * Adds a finalizer with a JSON patch to the object `ApiObject.of(target)`
 * returns, and gives the objects whose output changed (`Kind/name` → their
 * finalizers): the object the escape hatch reached, and only that one.
 */
export function patchedBy(chart: Chart, target: IConstruct): Record<string, unknown> {
  const before = Testing.synth(chart);
  ApiObject.of(target).addJsonPatch(JsonPatch.add('/metadata/finalizers', [FINALIZER]));
  const after = Testing.synth(chart);
  return Object.fromEntries(
    after
      .filter((object, index) => !isDeepStrictEqual(object, before[index]))
      .map((object) => [`${object.kind}/${object.metadata.name}`, object.metadata.finalizers]),
  );
}
