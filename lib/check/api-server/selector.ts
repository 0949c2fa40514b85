import { isRecord } from '../pod-specs';
import { Finding, finding, Resource } from '../types';

const SELECTING_WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet']);

/** A workload whose selector does not select its own pod template is refused ("selector does not match template labels"). */
export function checkSelector(resource: Resource): Finding[] {
  const { object } = resource;
  if (!SELECTING_WORKLOADS.has(String(object.kind)) || !isRecord(object.spec?.selector)) return [];
  const selector = object.spec.selector;
  const labels: Record<string, unknown> = isRecord(object.spec.template?.metadata?.labels) ? object.spec.template.metadata.labels : {};
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  const expressions: unknown[] = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
    return [finding(resource, '/spec/selector', 'selector-mismatch', 'an empty selector is not allowed: it would select every pod')];
  }
  const unmatched = Object.entries(matchLabels).filter(([key, value]) => labels[key] !== value);
  const failing = expressions.filter((e): e is Record<string, unknown> => isRecord(e) && !expressionMatches(e, labels));
  if (unmatched.length === 0 && failing.length === 0) return [];
  const what = [...unmatched.map(([k, v]) => `${k}=${String(v)}`), ...failing.map((e) => `${e.key} ${e.operator}`)];
  return [finding(resource, '/spec/selector', 'selector-mismatch', `selector does not match template labels (${what.join(', ')})`)];
}

function expressionMatches(expression: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  const values: unknown[] = Array.isArray(expression.values) ? expression.values : [];
  const key = String(expression.key);
  const has = key in labels;
  switch (expression.operator) {
    case 'In':
      return has && values.includes(labels[key]);
    case 'NotIn':
      return !has || !values.includes(labels[key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}
