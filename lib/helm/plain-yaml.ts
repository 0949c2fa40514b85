import { stringifyYamlDocument, substitutedYamlDocument, YamlSubstitution } from '../block-yaml';
import { Config } from '../config/schema';
import { commonLabels } from '../constructs/labels';
import { toYaml } from '../rendered-files';
import { isSha256Hex } from '../sealed';
import { HexText, ValuesPut, withDigests } from './token-values';
import { plainGroups, TokenizedApp } from './tokenized-app';

/** A chart's objects as one multi-document YAML text, and what GitOps needs of each object. */
export interface ChartYaml {
  readonly id: string;
  readonly text: string;
  readonly heads: readonly ObjectHead[];
}

/** An object's kind and name as the manifests hold them: what GitOps needs of it. */
export interface ObjectHead {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
}

interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

/**
 * The YAML of `plainGroups(config, app)`, chart by chart, byte for byte as
 * `toYaml` writes those objects, but written from the tokenized objects
 * with each value put back as it is written: no copy of the objects is
 * made (at 10,000 teams plainGroups was some 1 s of the synth step, its
 * copies garbage the collector moved). A document that holds a text that
 * may be a digest, a key that changes, or that only the `yaml` package
 * writes right, is written last from a copy with the values put back, once
 * every text that changed is known (its digests then changed too). A config
 * whose common labels change once the values are back (a Mountpoint version
 * with `+`, see plainGroups) takes the copies all along.
 */
export function plainYaml(config: Config, app: TokenizedApp): ChartYaml[] {
  const put = new ValuesPut(app.tokens, new Set(app.tokens.byToken.values()));
  if (commonLabelsChange(config, app, put)) return copiedYaml(config, app);
  let copyNeeded = false;
  const substitution: YamlSubstitution = {
    value(text) {
      if (isSha256Hex(text)) copyNeeded = true;
      return put.text(text);
    },
    key(text) {
      const after = put.text(text);
      if (after !== text) copyNeeded = true;
      return after;
    },
    number: (value) => put.number(value),
    unchanged: (node) => put.unchangedSealed(node),
  };
  const charts = app.groups.map(({ id, objects }) => {
    const texts: string[] = [];
    const heads: ObjectHead[] = [];
    const copied: number[] = [];
    for (const object of objects) {
      copyNeeded = false;
      const text = substitutedYamlDocument(object, substitution);
      if (text === undefined || copyNeeded) copied.push(texts.length);
      texts.push(text ?? '');
      heads.push(headOf(object as ManifestObject, (field) => put.text(field)));
    }
    return { id, objects, texts, heads, copied };
  });
  // Every copy first: each puts back the texts of its document, so all that changed is known for the digests.
  const copies = charts.map(({ objects, copied }) =>
    copied.map((i) => {
      const hexes: HexText[] = [];
      return { plain: put.copy(objects[i], hexes), hexes };
    }),
  );
  const hexTexts = new Set(copies.flatMap((chart) => chart.flatMap(({ hexes }) => hexes.map((hex) => hex.text))));
  const digests = hexTexts.size === 0 ? new Map<string, string>() : put.digests(hexTexts, true)!;
  return charts.map(({ id, texts, heads, copied }, c) => {
    copied.forEach((i, k) => {
      const plain = withDigests(copies[c][k].plain, copies[c][k].hexes, digests);
      texts[i] = stringifyYamlDocument(plain);
      heads[i] = headOf(plain as ManifestObject, (field) => field);
    });
    return { id, text: texts.join('---\n'), heads };
  });
}

/** The YAML of the objects of `plainGroups`, made from those copies. */
function copiedYaml(config: Config, app: TokenizedApp): ChartYaml[] {
  return plainGroups(config, app).map(({ id, objects }) => ({
    id,
    text: toYaml(...objects),
    heads: objects.map((object) => headOf(object as ManifestObject, (field) => field)),
  }));
}

/**
 * Whether the objects' own common labels, as the tokenized config spells
 * them, become other than the config's common labels once the values are
 * back (a version label with `+`): `plainGroups` then sets them.
 */
function commonLabelsChange(config: Config, { tokens }: TokenizedApp, put: ValuesPut): boolean {
  const common = commonLabels(config);
  return Object.entries(commonLabels(tokens.config)).some(([key, value]) => put.substituted(value) !== common[key]);
}

/** What GitOps needs of an object, each text as `text` makes it. */
function headOf({ apiVersion, kind, metadata }: ManifestObject, text: (field: string) => string): ObjectHead {
  const field = <T>(value: T): T => (typeof value === 'string' ? (text(value) as T) : value);
  return { apiVersion: field(apiVersion), kind: field(kind), name: field(metadata.name), namespace: field(metadata.namespace) };
}
