import { labelMap, toleration } from '../config/schema-parts';

/**
 * Values a Helm user expects of any chart, which are not config fields:
 * Helm conventions (`commonLabels`, `global`) and the DaemonSet's extra
 * scheduling. Unlike config values they hold maps and lists, so they reach
 * the templates through helpers that print them as JSON (never as template
 * text), after checking their kind.
 */
export interface ChartSetting {
  /** Where it is in the values, e.g. `['nodeDaemonSet', 'tolerations']`. */
  readonly key: readonly string[];
  /** Its entry in values.yaml and the README; none for `global`, which Helm supplies. */
  readonly default?: unknown;
  readonly schema: Record<string, unknown>;
  readonly description: string;
}

/** The labels `<chart>.labels` writes; commonLabels cannot replace them. */
export const OWN_LABELS = [
  'helm.sh/chart',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
  'app.kubernetes.io/name',
  'app.kubernetes.io/component',
];

/** The chart's settings, given the kinds of object it holds. */
export function chartSettings(kinds: ReadonlySet<string>): ChartSetting[] {
  const settings: ChartSetting[] = [
    {
      key: ['commonLabels'],
      default: {},
      schema: { ...labelMap, propertyNames: { ...labelMap.propertyNames, not: { enum: OWN_LABELS } } },
      description: 'Labels added to every object of the release (not to pod templates or selectors).',
    },
    { key: ['global'], schema: { type: 'object' }, description: 'Values an umbrella chart shares with all its charts; unused here.' },
  ];
  if (kinds.has('DaemonSet')) {
    settings.push(
      {
        key: ['nodeDaemonSet', 'nodeSelector'],
        default: {},
        schema: { type: 'object', additionalProperties: labelMap.additionalProperties, propertyNames: labelMap.propertyNames },
        description: 'Node labels the DaemonSet pods require, besides the nodes the config places them on.',
      },
      {
        key: ['nodeDaemonSet', 'tolerations'],
        default: [],
        schema: { type: 'array', items: toleration },
        description: "Taints the DaemonSet pods tolerate, besides those of the teams' node pools.",
      },
    );
  }
  return settings;
}

/**
 * `<chart>.podScheduling`: (list $ TOLERATIONS-JSON) → the DaemonSet pod's
 * `nodeSelector` and `tolerations` lines, the config's tolerations first.
 */
export function podSchedulingTpl(chartName: string): string {
  return `{{/* The DaemonSet pod's nodeSelector and tolerations: (list $ CONFIG-TOLERATIONS-JSON). */}}
{{- define "${chartName}.podScheduling" -}}
{{- $settings := (index . 0).Values.nodeDaemonSet | default dict -}}
{{- $nodeSelector := $settings.nodeSelector | default dict -}}
{{- $tolerations := $settings.tolerations | default list -}}
{{- if not (kindIs "map" $nodeSelector) }}{{ fail "nodeDaemonSet.nodeSelector: must be a map of node labels" }}{{ end -}}
{{- if not (kindIs "slice" $tolerations) }}{{ fail "nodeDaemonSet.tolerations: must be a list of tolerations" }}{{ end -}}
{{- range $tolerations }}{{ if not (kindIs "map" .) }}{{ fail "nodeDaemonSet.tolerations: each item must be a toleration (a map)" }}{{ end }}{{ end -}}
{{- with $nodeSelector }}
nodeSelector: {{ toJson . }}
{{- end }}
{{- with concat (fromJsonArray (index . 1)) $tolerations }}
tolerations: {{ toJson . }}
{{- end }}
{{- end }}
`;
}
