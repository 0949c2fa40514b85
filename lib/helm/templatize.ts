import { ownEntry } from '../map-values';
import { toYaml } from '../rendered-files';
import { NAMED_TEMPLATE_BYTES, PartialFiles, Piece } from './named-templates';
import { FactoredClass, objectClasses } from './object-classes';
import { mayBeSealed, sealedKeys, sealedSpells, sealedSummary } from '../sealed';
import { absentMarker, allStrings, goString, stringsSpelling, templateLiteral } from './template-text';
import { TemplateFileNames } from './template-files';
import { sha256 } from './token-values';
import { mayHoldToken, sealedWithoutToken, Tokens } from './tokens';
import { checkedValueReference } from './value-checks';
import { ChartValue } from './values';

/** Names of the chart's named templates (`_helpers.tpl`). */
export interface HelperNames {
  readonly labels: string;
  readonly selectorLabels: string;
  /** Prefix of the named templates that hold long strings embedding values. */
  readonly string: string;
  /** The named template that yields a value, checked (see `valueChecksTpl`). */
  readonly value: string;
  /** The named template of a DaemonSet pod's nodeSelector and tolerations (see `podSchedulingTpl`). */
  readonly podScheduling: string;
}

export interface TemplatizeOptions {
  readonly tokens: Tokens;
  readonly helpers: HelperNames;
  /** The labels every object built from the tokenized config carries; Helm's own labels replace them. */
  readonly commonLabels: Record<string, string>;
}

/** Objects of one cdk8s chart, rendered from the tokenized config. */
export interface ObjectGroup {
  readonly id: string;
  readonly objects: readonly unknown[];
}

export interface Templates {
  /**
   * Files under `templates/`, by path: `<group id>/<object>.yaml`, one per
   * object (see `TemplateFileNames`) or per class of objects that differ only
   * in names (see `objectClasses`; named after its first object), and beside
   * it `<group id>/_<object>.tpl` with the named templates of the multi-line
   * strings (scripts) that embed values, filed with the object that first uses them.
   */
  readonly files: ReadonlyMap<string, string>;
  /** The values that some object uses, in the order they were given. */
  readonly used: ReadonlySet<ChartValue>;
}

const NAME_LABEL = 'app.kubernetes.io/name';
/** The start of a placeholder's marker (`__helm_action<N>_<index>__`). */
const PLACEHOLDER_STEM = 'helm_action';
/** The highest number a string token can carry (`tokens.pattern`: four to six digits). */
const MAX_STRING_TOKEN = 999_999;
const COMPONENT_LABEL = 'app.kubernetes.io/component';

/**
 * Most text of a class's rows in one template file: a class of more rows is
 * written as several files, so no file nears Helm's 5 MiB limit.
 */
const ROWS_PER_FILE_BYTES = 1024 * 1024;

/** A string's literal text, or a Go template expression for a value or a row's column. */
type Part = string | { readonly type: 'string' | 'integer'; readonly expression: string };

/** Where a Helm action stands in for a YAML node: a scalar, or the lines of a map. */
class Action {
  constructor(readonly text: string) {}
}

/**
 * Turns objects built from the tokenized config into Helm templates: every
 * token becomes a reference to its value, in the form its place needs.
 *
 * - A scalar becomes `{{ … | toJson }}` (strings) or `{{ … | int64 }}`, so no
 *   value can break out of the YAML.
 * - A string that embeds values (a URI, a mount option, a whole script)
 *   is rebuilt from its literal parts and the values; inside single quotes
 *   (our scripts quote every value with `shellQuote`) a value's `'` is
 *   escaped the same way, so no value can break out of the script either.
 * - A string that is the sha256 of such a string (a pod annotation that rolls
 *   a DaemonSet when its script changes) becomes the sha256 of the rebuilt one.
 * - The bundle's common labels become Helm's, and name/component labels come
 *   from the selector-label helper.
 */
export function templatize(groups: readonly ObjectGroup[], options: TemplatizeOptions): Templates {
  return new Templatizer(options).run(groups);
}

class Templatizer {
  private readonly actions: Action[] = [];
  private readonly used = new Set<ChartValue>();
  private readonly files = new Map<string, string>();
  private readonly partials = new PartialFiles();
  private defineCount = 0;
  /** Where a named template created now goes: the partial of the object being templatized. */
  private partial = '';
  private readonly expressions = new Map<string, string>();
  private readonly hashed = new Map<string, string>();
  /** Spelled by no string of the objects, so a placeholder cannot be confused with their text. */
  private placeholderMarker = '';
  /** The class whose template is being written, if any: its row tokens and the tokens whose key is per row. */
  private factored: FactoredClass | undefined;
  /** How templates refer to the rendering's root context: `$` inside a class's `range`. */
  private root = '.';

  constructor(private readonly options: TemplatizeOptions) {}

  run(groups: readonly ObjectGroup[]): Templates {
    // Only texts that spell the stem can hold a candidate: those are few, however many objects there are.
    const spelling = stringsSpelling(
      groups.map((g) => g.objects),
      PLACEHOLDER_STEM,
    );
    this.placeholderMarker = `__${absentMarker((n) => `${PLACEHOLDER_STEM}${n}`, spelling)}_`;
    for (const group of groups) group.objects.forEach((object) => this.collectHashes(object));
    const hashed = new Set(this.hashed.keys());
    const rowToken = this.rowTokens();
    for (const group of groups) {
      const names = new TemplateFileNames();
      for (const objectClass of objectClasses(group.objects, this.options.tokens, hashed, rowToken)) {
        if (objectClass.factored) {
          this.classTemplates(group.id, names, objectClass.members, objectClass.factored);
          continue;
        }
        const [object] = objectClass.members;
        const stem = names.stem(object);
        this.partial = `${group.id}/_${stem}.tpl`;
        const name = `${this.options.helpers.string}.${group.id}/${stem}`;
        this.files.set(`${group.id}/${stem}.yaml`, this.objectTemplate(this.transform(this.withSchedulingValues(object), true), name));
      }
    }
    const used = new Set([...this.options.tokens.byToken.values()].filter((value) => this.used.has(value)));
    return { files: new Map([...this.files, ...this.partials.files]), used };
  }

  /** Row tokens: string tokens of the config's stem numbered after every value token, so unlike any. */
  private rowTokens(): (column: number) => string {
    const { stem, byToken } = this.options.tokens;
    let first = 0;
    for (const token of byToken.keys()) if (token.startsWith(stem)) first = Math.max(first, Number(token.slice(stem.length, -1)) + 1);
    return (column) => {
      if (first + column > MAX_STRING_TOKEN) throw new Error('a class of objects has more columns than row tokens can number');
      return `${stem}${String(first + column).padStart(4, '0')}x`;
    };
  }

  /**
   * The template of a class: its first object with each column an `index
   * $row N` expression, in a `range` over one row per object (rows written
   * as Go string literals, printed with toJson like any text). Several files
   * when the rows are many.
   */
  private classTemplates(groupId: string, names: TemplateFileNames, members: readonly unknown[], factored: FactoredClass): void {
    factored.values.forEach((value) => this.used.add(value));
    const expressions = new Map(this.expressions);
    this.expressions.clear();
    this.factored = factored;
    this.root = '$';
    const body = this.toTemplate(this.transform(factored.object, true));
    this.factored = undefined;
    this.root = '.';
    this.expressions.clear();
    expressions.forEach((expression, text) => this.expressions.set(text, expression));
    const rows = factored.rows.map((row) => `  (list${row.map((text) => ` ${goString(text)}`).join('')})`);
    for (let start = 0; start < rows.length;) {
      let end = start + 1;
      for (let bytes = rows[start].length; end < rows.length && bytes + rows[end].length <= ROWS_PER_FILE_BYTES; end++)
        bytes += rows[end].length;
      const stem = names.stem(members[start]);
      this.files.set(
        `${groupId}/${stem}.yaml`,
        `{{- range $row := list\n${rows.slice(start, end).join('\n')} }}\n---\n${body}{{- end }}\n`,
      );
      start = end;
    }
  }

  /**
   * A DaemonSet's pod spec gets its nodeSelector and tolerations from the
   * podScheduling helper: the config's tolerations, then those of the values.
   */
  private withSchedulingValues(object: any): unknown {
    if (object?.kind !== 'DaemonSet') return object;
    const { tolerations = [], ...podSpec } = object.spec.template.spec;
    if (podSpec.nodeSelector !== undefined) throw new Error('a DaemonSet with a nodeSelector of its own cannot take one from the values');
    if (allStrings(tolerations).some((text) => this.hasTokens(text))) throw new Error('DaemonSet tolerations cannot hold values');
    const action = new Action(`include ${goString(this.options.helpers.podScheduling)} (list . ${goString(JSON.stringify(tolerations))})`);
    const spec = { ...podSpec, [this.placeholder(action)]: null };
    return { ...object, spec: { ...object.spec, template: { ...object.spec.template, spec } } };
  }

  private collectHashes(node: unknown): void {
    if (typeof node === 'string') {
      if (this.hasTokens(node)) this.hashed.set(sha256(node), node);
    } else if (Array.isArray(node)) {
      if (mayBeSealed(node.length) && sealedWithoutToken(this.options.tokens, node)) return;
      for (const item of node) this.collectHashes(item);
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (sealedWithoutToken(this.options.tokens, record)) return;
      for (const key of sealedKeys(record) ?? Object.keys(record)) this.collectHashes(record[key]);
    }
  }

  /**
   * Whether transform leaves a sealed collection (lib/sealed.ts) as it is:
   * it spells no token and no digest, and has no `labels` map to rewrite.
   */
  private unchangedSealed(node: object): boolean {
    if (!sealedWithoutToken(this.options.tokens, node)) return false;
    return !sealedSummary(node).digestLike && !sealedSpells(node, ['\0labels\0', '\0matchLabels\0']);
  }

  private transform(node: unknown, topLevel = false): unknown {
    if (typeof node === 'string') return this.string(node);
    if (typeof node === 'number') return this.number(node);
    if (Array.isArray(node)) {
      if (mayBeSealed(node.length) && this.unchangedSealed(node)) return node;
      return node.map((item) => this.transform(item));
    }
    if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (this.unchangedSealed(record)) return node;
      const result: Record<string, unknown> = {};
      for (const key of sealedKeys(record) ?? Object.keys(record)) {
        const value = record[key];
        ownEntry(
          result,
          key,
          // A label map; not a string of that name (a node label or Spark setting called `labels`).
          (key === 'labels' || key === 'matchLabels') && isMap(value)
            ? this.labels(value as Record<string, string>, topLevel)
            : this.transform(value, topLevel && key === 'metadata'),
        );
      }
      return result;
    }
    return node;
  }

  private labels(labels: Record<string, string>, objectMetadata: boolean): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const remaining = { ...labels };
    const common = Object.entries(this.options.commonLabels);
    if (objectMetadata && common.every(([key, value]) => labels[key] === value)) {
      result[this.placeholder(new Action(`include ${goString(this.options.helpers.labels)} ${this.root}`))] = null;
      common.forEach(([key]) => delete remaining[key]);
    }
    if (remaining[NAME_LABEL] !== undefined && remaining[COMPONENT_LABEL] !== undefined) {
      const args = `(list ${this.argument(remaining[NAME_LABEL])} ${this.argument(remaining[COMPONENT_LABEL])})`;
      result[this.placeholder(new Action(`include ${goString(this.options.helpers.selectorLabels)} ${args}`))] = null;
      delete remaining[NAME_LABEL];
      delete remaining[COMPONENT_LABEL];
    }
    for (const [key, value] of Object.entries(remaining)) result[key] = this.transform(value);
    return result;
  }

  private number(node: number): unknown {
    const value = this.options.tokens.byToken.get(String(node));
    if (!value || value.type !== 'integer') return node;
    this.used.add(value);
    return this.placeholder(new Action(`${this.reference(value, String(node))} | int64`));
  }

  private string(node: string): unknown {
    // A digest is looked up first: its hex digits could happen to spell an integer token.
    const hashedString = this.hashed.get(node);
    if (hashedString !== undefined) return this.placeholder(new Action(`${this.stringExpression(hashedString)} | sha256sum | toJson`));
    if (this.hasTokens(node)) return this.placeholder(new Action(`${this.stringExpression(node)} | toJson`));
    return node;
  }

  private hasTokens(text: string): boolean {
    return mayHoldToken(this.options.tokens, text) && text.search(this.options.tokens.pattern) !== -1;
  }

  /** `text` as an argument of a helper: a Go string, or the expression that yields it. */
  private argument(text: string): string {
    return this.hasTokens(text) ? `(${this.stringExpression(text)})` : goString(text);
  }

  /** A Go template pipeline that yields `text` with every token replaced by its value. */
  private stringExpression(text: string): string {
    const known = this.expressions.get(text);
    if (known !== undefined) return known;
    const parts = this.split(text);
    let expression: string;
    if (parts.length === 1 && typeof parts[0] !== 'string' && parts[0].type === 'string') {
      expression = parts[0].expression;
    } else if (text.includes('\n')) {
      const name = `${this.options.helpers.string}.${++this.defineCount}`;
      // No whitespace trimming at either end: the body is the string, to the last newline.
      const pieces = parts.map((part) => (typeof part === 'string' ? { literal: part } : { action: `{{ ${part.expression} }}` }));
      this.partials.add(this.partial, name, pieces, this.root);
      expression = `include ${goString(name)} ${this.root}`;
    } else {
      const items = parts.map((part) => (typeof part === 'string' ? goString(part) : `(${part.expression})`));
      expression = `list ${items.join(' ')} | join ""`;
    }
    this.expressions.set(text, expression);
    return expression;
  }

  private split(text: string): Part[] {
    const parts: Part[] = [];
    let last = 0;
    for (const match of text.matchAll(this.options.tokens.pattern)) {
      const column = this.factored?.rowTokens.get(match[0]);
      const value = this.options.tokens.byToken.get(match[0]);
      if (column === undefined && !value) continue;
      if (match.index > last) parts.push(text.slice(last, match.index));
      if (column !== undefined) {
        parts.push({ type: 'string', expression: `index $row ${column}` });
      } else if (value) {
        this.used.add(value);
        const expression = valueExpression(value, this.reference(value, match[0]), insideSingleQuotes(text, match.index));
        parts.push({ type: value.type, expression });
      }
      last = match.index + match[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return parts;
  }

  /** The checked value of `token`; inside a class, a key that differs by row takes its item names from the row. */
  private reference(value: ChartValue, token: string): string {
    const key = this.factored?.keys.get(token)?.map((step) => (typeof step === 'string' ? goString(step) : `(index $row ${step.column})`));
    return checkedValueReference(this.options.helpers.value, value, key);
  }

  private placeholder(action: Action): string {
    this.actions.push(action);
    return `${this.placeholderMarker}${this.actions.length - 1}__`;
  }

  /**
   * The YAML of `object` with each placeholder replaced by its action, and
   * all text between actions escaped (`templateLiteral`): whatever a config
   * string holds, Helm prints it back instead of running it.
   */
  private toTemplate(object: unknown): string {
    return this.templatePieces(object)
      .map((piece) => ('literal' in piece ? templateLiteral(piece.literal) : piece.action))
      .join('');
  }

  /** The template of an object as literal text and actions (see `toTemplate`). */
  private templatePieces(object: unknown): Piece[] {
    const pieces: Piece[] = [];
    let last = 0;
    const yaml = toYaml(object);
    for (const found of placeholders(yaml, this.placeholderMarker)) {
      pieces.push({ literal: yaml.slice(last, found.start) });
      const action = this.actions[found.action].text;
      pieces.push({ action: found.indent !== undefined ? `{{- ${action} | nindent ${found.indent} }}` : `{{ ${action} }}` });
      last = found.end;
    }
    pieces.push({ literal: yaml.slice(last) });
    return pieces;
  }

  /**
   * An object's template file; one whose text would be more than a named
   * template holds (a map of 100,000 node labels) keeps only an include of
   * its text, which its partial files hold in several named templates.
   */
  private objectTemplate(object: unknown, name: string): string {
    const pieces = this.templatePieces(object);
    if (
      pieces.reduce((bytes, piece) => bytes + ('literal' in piece ? piece.literal.length : piece.action.length), 0) <= NAMED_TEMPLATE_BYTES
    )
      return pieces.map((piece) => ('literal' in piece ? templateLiteral(piece.literal) : piece.action)).join('');
    this.partials.add(this.partial, name, pieces, '.');
    return `{{- include ${goString(name)} . }}\n`;
  }
}

function isMap(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A placeholder in YAML text: where it starts and ends, its action, and for one that stands for lines of a map, their indentation. */
interface Placeholder {
  readonly start: number;
  readonly end: number;
  readonly action: number;
  readonly indent?: number;
}

const SPACE = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MAP_LINES_END = '__: null';

/**
 * The placeholders (`<marker><action>__`) in `yaml`, in order: one alone on
 * a line with a null value (`<indent><marker><action>__: null`) stands for
 * lines of a map, from the start of its line to the end of it; any other,
 * for a scalar. Found by searching for the marker (no string of the objects
 * spells it), not by a regular expression tried at every line of megabytes.
 */
function* placeholders(yaml: string, marker: string): Generator<Placeholder> {
  for (let at = yaml.indexOf(marker); at !== -1; at = yaml.indexOf(marker, at)) {
    let digitsEnd = at + marker.length;
    while (digitsEnd < yaml.length && yaml.charCodeAt(digitsEnd) >= DIGIT_0 && yaml.charCodeAt(digitsEnd) <= DIGIT_9) digitsEnd++;
    if (digitsEnd === at + marker.length || !yaml.startsWith('__', digitsEnd)) {
      at += 1;
      continue;
    }
    const action = Number(yaml.slice(at + marker.length, digitsEnd));
    let lineStart = at;
    while (lineStart > 0 && yaml.charCodeAt(lineStart - 1) === SPACE) lineStart--;
    const lineEnd = digitsEnd + MAP_LINES_END.length;
    const mapLines =
      (lineStart === 0 || yaml.charCodeAt(lineStart - 1) === NEWLINE) &&
      yaml.startsWith(MAP_LINES_END, digitsEnd) &&
      (lineEnd === yaml.length || yaml.charCodeAt(lineEnd) === NEWLINE);
    if (mapLines) {
      yield { start: lineStart, end: lineEnd, action, indent: at - lineStart };
      at = lineEnd;
    } else {
      yield { start: at, end: digitsEnd + 2, action };
      at = digitsEnd + 2;
    }
  }
}

const NEWLINE = 0x0a;

function valueExpression(value: ChartValue, reference: string, singleQuoted: boolean): string {
  if (value.type === 'integer') return `${reference} | int64`;
  // No checked value holds a ' today; should a field ever allow one, it stays inside the
  // single-quoted shell word, written '\'' as shellQuote does.
  return singleQuoted ? `${reference} | replace "'" "'\\\\''"` : reference;
}

/** Whether `index` is inside single quotes on its line (our scripts never quote across lines). */
function insideSingleQuotes(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return (text.slice(lineStart, index).match(/'/g)?.length ?? 0) % 2 === 1;
}
