import { Config } from '../config/schema';
import { toYaml } from '../rendered-files';
import { labelMap } from '../config/schema-parts';
import { ChartSetting, OWN_LABELS, podSchedulingTpl } from './chart-settings';
import { goString, templateLiteral } from './template-text';
import { checkName } from './value-checks';
import { ChartValue } from './values';
import { HelperNames, ObjectGroup } from './templatize';

/** Upstream projects whose software the chart deploys or configures. */
const SOURCES = ['https://github.com/awslabs/mountpoint-s3', 'https://github.com/kubeflow/spark-operator'];
const KEYWORDS = ['spark', 'spark-operator', 's3', 'mountpoint', 'eks', 'karpenter'];

/** Names of the named templates; `prefix` is unique to the chart and its version (see renderHelmChart). */
export function helperNames(prefix: string): HelperNames {
  return {
    labels: `${prefix}.labels`,
    selectorLabels: `${prefix}.selectorLabels`,
    string: `${prefix}.string`,
    value: `${prefix}.value`,
    podScheduling: `${prefix}.podScheduling`,
  };
}

export function chartYaml(config: Config, kubeVersion: string): string {
  const { chart } = config;
  return toYaml({
    apiVersion: 'v2',
    name: chart.name,
    version: chart.version,
    appVersion: config.mountpoint.version,
    kubeVersion,
    description: chart.description,
    type: 'application',
    keywords: KEYWORDS,
    home: chart.home,
    sources: SOURCES,
    maintainers: chart.maintainers,
  });
}

/** `_helpers.tpl`; `prefix` names its templates (see helperNames). */
export function helpersTpl(prefix: string): string {
  const names = helperNames(prefix);
  return `{{/* The chart's name. */}}
{{- define "${prefix}.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Chart name and version, as the helm.sh/chart label holds them: a label value ends in a letter or digit. */}}
{{- define "${prefix}.chart" -}}
{{- printf "%s-%s" (include "${prefix}.name" .) .Chart.Version | replace "+" "_" | trunc 63 | trimAll "-_." }}
{{- end }}

{{/*
Labels of every object of a release; the YAML bundles carry the same keys
with managed-by mountpoint-s3-spark. Then .Values.commonLabels, checked here
too (with --skip-schema-validation the schema is not), and never one of ours.
*/}}
{{- define "${names.labels}" -}}
helm.sh/chart: {{ include "${prefix}.chart" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/version: {{ .Chart.AppVersion | replace "+" "_" | trunc 63 | trimAll "-_." | quote }}
app.kubernetes.io/part-of: mountpoint-s3-spark
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
{{- $commonLabels := .Values.commonLabels | default dict }}
{{- if not (kindIs "map" $commonLabels) }}{{ fail "commonLabels: must be a map of labels" }}{{ end }}
{{- range $key, $value := $commonLabels }}
{{- if has $key (list ${OWN_LABELS.map((l) => JSON.stringify(l)).join(' ')}) }}{{ fail (printf "commonLabels.%s: the chart sets this label itself" $key) }}{{ end }}
{{- if not (regexMatch ${goString(labelMap.propertyNames.pattern)} $key) }}{{ fail (printf "commonLabels: %q is not a label key" $key) }}{{ end }}
{{- if not (and (kindIs "string" $value) (regexMatch ${goString(labelMap.additionalProperties.pattern)} $value)) }}{{ fail (printf "commonLabels.%s: %s" $key ${goString(labelMap.additionalProperties.errorMessage.pattern)}) }}{{ end }}
{{ $key | toJson }}: {{ $value | toJson }}
{{- end }}
{{- end }}

{{/* Labels that select one component's pods: (list NAME COMPONENT). */}}
{{- define "${names.selectorLabels}" -}}
app.kubernetes.io/name: {{ index . 0 | quote }}
app.kubernetes.io/component: {{ index . 1 | quote }}
{{- end }}

${podSchedulingTpl(prefix)}`;
}

/** More objects of one kind than this are one line of NOTES.txt: Helm prints the notes after every install. */
const NOTES_OBJECTS_PER_KIND = 20;

type NotedObject = { kind: string; metadata: { name: string; namespace?: string }; spec?: unknown };

const objectName = (o: NotedObject) => `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** A line per object, or a line per kind of many objects (its count, first and last), where its first object is. */
function installedLines(objects: readonly NotedObject[]): string[] {
  const byKind = new Map<string, NotedObject[]>();
  for (const o of objects) {
    if (!byKind.has(o.kind)) byKind.set(o.kind, []);
    byKind.get(o.kind)?.push(o);
  }
  return objects.flatMap((o) => {
    const ofKind = byKind.get(o.kind) as NotedObject[];
    if (ofKind.length <= NOTES_OBJECTS_PER_KIND) return [`  ${o.kind} ${objectName(o)}`];
    if (ofKind[0] !== o) return [];
    return [`  ${ofKind.length} ${o.kind} objects: ${objectName(o)} … ${objectName(ofKind[ofKind.length - 1])}`];
  });
}

/** NOTES.txt: what a release installed and how to check the mounts and jobs. */
export function notesTxt(groups: readonly ObjectGroup[]): string {
  const objects = groups.flatMap((g) => g.objects as NotedObject[]);
  const lines = ['', 'Installed:', ...installedLines(objects)];
  for (const ds of objects.filter((o) => o.kind === 'DaemonSet')) {
    const { name, namespace } = ds.metadata;
    const selector = Object.entries((ds.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    lines.push(
      '',
      `Node mounts by DaemonSet ${namespace}/${name}: a pod is ready only when every mount on its node answers.`,
      `  kubectl -n ${namespace} rollout status daemonset/${name}`,
      `  kubectl -n ${namespace} get pods -l ${selector} -o wide`,
      `  kubectl -n ${namespace} logs daemonset/${name}`,
    );
  }
  const apps = objects.filter((o) => o.kind === 'SparkApplication' || o.kind === 'ScheduledSparkApplication');
  if (apps.length) {
    lines.push('', 'Spark applications (the Spark operator must watch their namespaces):');
    if (apps.length > NOTES_OBJECTS_PER_KIND) {
      lines.push(`  kubectl get sparkapplications,scheduledsparkapplications -A -l app.kubernetes.io/part-of=mountpoint-s3-spark`);
    } else {
      lines.push(...apps.map((a) => `  kubectl -n ${a.metadata.namespace} describe ${a.kind.toLowerCase()} ${a.metadata.name}`));
    }
  }
  // Names and labels come from the config: literal text, never template code.
  return `{{ .Release.Name }}: {{ .Chart.Description }} ({{ .Chart.Name }} {{ .Chart.Version }}).\n${templateLiteral(`${lines.join('\n')}\n`)}`;
}

export type ValuesTree = Map<string, ValuesTree | ChartValue>;

export function valuesTree(values: readonly ChartValue[]): ValuesTree {
  const root: ValuesTree = new Map();
  for (const value of values) {
    let node = root;
    for (const key of value.key.slice(0, -1)) {
      if (!node.has(key)) node.set(key, new Map());
      node = node.get(key) as ValuesTree;
    }
    node.set(value.key[value.key.length - 1], value);
  }
  return root;
}

/** YAML 1.1 (what Helm reads) turns these plain keys into booleans or null. */
const SPECIAL_KEYS = /^(y|yes|n|no|true|false|on|off|null|~|[0-9+.-].*)$/i;

function yamlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) && !SPECIAL_KEYS.test(key) ? key : JSON.stringify(key);
}

/**
 * values.yaml: every value, each field described where it first occurs (a
 * field of every bucket, team or application is described once, so the file
 * grows by the values alone: some 400 bytes per team).
 */
export function valuesYaml(chartName: string, values: readonly ChartValue[], settings: readonly ChartSetting[]): string {
  const lines = [
    `# Values of ${chartName}: the per-environment settings of the config it was synthesized from.`,
    '# Which teams, buckets, node pools and applications exist is fixed at synth time.',
    '# values.schema.json holds the same rules as the config; Helm refuses values that break them.',
  ];
  const fields = new Set(values.map(checkName));
  if (fields.size < values.length) lines.push('# A field of every bucket, team or application is described where it first occurs.');
  const described = new Set<string>();
  const scalars = new Map<string | number, string>();
  const scalar = (value: string | number) => {
    let text = scalars.get(value);
    if (text === undefined) scalars.set(value, (text = toYaml(value).trimEnd()));
    return text;
  };
  const documented = settings.filter((setting) => setting.default !== undefined);
  const writeSettings = (parent: readonly string[], indent: string) => {
    for (const setting of documented.filter((s) => s.key.length === parent.length + 1 && parent.every((k, i) => s.key[i] === k))) {
      lines.push(
        `${indent}# ${setting.description}`,
        `${indent}${yamlKey(setting.key[parent.length])}: ${JSON.stringify(setting.default)}`,
      );
    }
  };
  const tree = valuesTree(values);
  const write = (tree: ValuesTree, indent: string, path: readonly string[]) => {
    for (const [key, node] of tree) {
      if (node instanceof Map) {
        lines.push(`${indent}${yamlKey(key)}:`);
        write(node, `${indent}  `, [...path, key]);
        writeSettings([...path, key], `${indent}  `);
      } else {
        const field = checkName(node);
        if (!described.has(field)) lines.push(`${indent}# ${node.schema.description} (config: ${node.configPath})`);
        described.add(field);
        lines.push(`${indent}${yamlKey(key)}: ${scalar(node.value)}`);
      }
    }
  };
  write(tree, '', []);
  writeSettings([], '');
  // A setting under a key no config value uses (nodeDaemonSet of a chart without DaemonSet values).
  for (const parent of new Set(documented.filter((s) => s.key.length === 2 && !tree.has(s.key[0])).map((s) => s.key[0]))) {
    lines.push(`${yamlKey(parent)}:`);
    writeSettings([parent], '  ');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One row per field of the README's values table: a field of the list items
 * (`buckets.<name>.bucket`) is one row whatever the number of items, with its
 * default when every item has the same one (values.yaml has each item's).
 */
function fieldRows(values: readonly ChartValue[]): Array<{ key: string; type: string; defaults: string; description: string }> {
  const fields = new Map<string, ChartValue[]>();
  for (const value of values) {
    const field = checkName(value);
    if (!fields.has(field)) fields.set(field, []);
    fields.get(field)?.push(value);
  }
  return [...fields.values()].map((items) => {
    const [first] = items;
    const listItem = typeof first.location[1] === 'number';
    const key = listItem && items.length > 1 ? [first.key[0], '<name>', ...first.key.slice(2)] : first.key;
    const same = items.every((item) => item.value === first.value);
    return {
      key: key.join('.'),
      type: first.type,
      defaults: same ? `\`${JSON.stringify(first.value)}\`` : `differs by item (${items.length} items), see values.yaml`,
      description: first.schema.description ?? '',
    };
  });
}

/** The chart's README, with its values table generated from values.schema.json's source. */
export function chartReadme(config: Config, values: readonly ChartValue[], settings: readonly ChartSetting[]): string {
  const { name, version, description } = config.chart;
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = [
    ...fieldRows(values).map((row) => `| \`${row.key}\` | ${row.type} | ${cell(row.defaults)} | ${cell(row.description)} |`),
    ...settings
      .filter((s) => s.default !== undefined)
      .map(
        (s) =>
          `| \`${s.key.join('.')}\` | ${Array.isArray(s.default) ? 'list' : 'object'} | \`${JSON.stringify(s.default)}\` | ${cell(s.description)} |`,
      ),
  ];
  return `# ${name}

${description}.

Synthesized by mountpoint-s3-spark from one config, in the same run (and from
the same objects) as the YAML bundles in \`manifests/\`: installed with the
default values, it deploys exactly what they describe.

\`\`\`bash
helm install ${name} ./${name}-${version}.tgz
helm install ${name} ./${name}-${version}.tgz -f prod-values.yaml
helm template ${name} ./${name}-${version}.tgz --set buckets.<name>.bucket=<bucket>
\`\`\`

## Fixed at synth time

Which teams, buckets, node pools and Spark applications exist, their names
and namespaces, each bucket's mount approach and flags (read-only, write
permissions), node selection and tolerations are fixed when the chart is
synthesized: change them in the config and synthesize again. So are the
fields Kubernetes cannot change on an existing object, which would make
\`helm upgrade\` fail: a pod-csi bucket's name and whatever else lands in its
PersistentVolume's CSI volume attributes (cache size, Mountpoint pod
resources). A new value there is a new config: synthesize it, bump the chart
version, and replace the volume. The values
below are the per-environment settings: bucket names and prefixes, regions,
images, the Mountpoint release, cache sizes, IAM roles, Spark sizing.

\`values.schema.json\` applies the config's own rules to the values, so Helm
refuses an invalid bucket name, a relative path or an unknown key before
rendering anything. The templates check every value again as they use it
(\`templates/_values.tpl\`), so \`--skip-schema-validation\` cannot slip a
newline, comma or quote into a script, fstab line or userData either: the
rendering fails and names the value. A metadata TTL may be given as an
integer; other values that are strings but look like numbers (account IDs)
need \`--set-string\`. It also accepts \`global\`, which an
umbrella chart passes to its dependencies.

## Uninstall, and removing a team for good

Namespaces carry \`helm.sh/resource-policy: keep\`: \`helm uninstall\`, or an
upgrade to a chart synthesized without a team, leaves the team's namespace
and everything in it (Spark jobs, their logs, anything else the team put
there); Helm just stops managing it. To remove a team for good, take it out
of the config, synthesize and upgrade, check what the namespace still holds
(\`kubectl get all -n <namespace>\`), then \`kubectl delete namespace <namespace>\`.

## Values

| key | type | default | description |
|---|---|---|---|
${rows.join('\n')}
`;
}
