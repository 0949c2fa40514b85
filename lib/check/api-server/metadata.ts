import { dns1123Label, dns1123Subdomain, labelValue, pathSegmentName, qualifiedName } from '../kube-syntax';
import { isRecord, podSpecsOf, SPARK_ROLES, sparkSpecsOf } from '../pod-specs';
import { Finding, finding, pointer, Resource } from '../types';

const LABEL_NAMED = new Set(['Namespace', 'Service']);
const PATH_SEGMENT_NAMED = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** Names, namespaces, label keys and values, annotation keys: wherever an object declares them. */
export function checkMetadata(resource: Resource): Finding[] {
  const { object } = resource;
  const findings: Finding[] = [];
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const kind = String(object.kind);
  if (typeof metadata.name === 'string') {
    const syntax = LABEL_NAMED.has(kind) ? dns1123Label : PATH_SEGMENT_NAMED.has(kind) ? pathSegmentName : dns1123Subdomain;
    const problem = syntax(metadata.name);
    if (problem) findings.push(finding(resource, '/metadata/name', 'name-syntax', `name "${metadata.name}" ${problem}`));
  } else if (typeof metadata.generateName !== 'string') {
    findings.push(finding(resource, '/metadata/name', 'name-syntax', 'metadata.name is required'));
  }
  if (typeof metadata.namespace === 'string') {
    const problem = dns1123Label(metadata.namespace);
    if (problem) findings.push(finding(resource, '/metadata/namespace', 'name-syntax', `namespace "${metadata.namespace}" ${problem}`));
  }
  findings.push(...labels(resource, metadata.labels, '/metadata/labels'));
  findings.push(...annotationKeys(resource, metadata.annotations, '/metadata/annotations'));
  for (const [path, labelMap] of nestedLabelMaps(resource)) findings.push(...labels(resource, labelMap, path));
  return findings;
}

/** Label maps below the object's own metadata: pod templates, selectors, node selectors. */
function nestedLabelMaps(resource: Resource): Array<[string, unknown]> {
  const { object } = resource;
  const maps: Array<[string, unknown]> = [];
  for (const pod of podSpecsOf(object)) {
    const template = pod.path.replace(/\/spec$/, '');
    maps.push([`${template}/metadata/labels`, at(object, `${template}/metadata/labels`)]);
    maps.push([pointer(pod.path, 'nodeSelector'), pod.spec.nodeSelector]);
  }
  maps.push(['/spec/selector/matchLabels', at(object, '/spec/selector/matchLabels')]);
  for (const app of sparkSpecsOf(object)) {
    for (const role of SPARK_ROLES) {
      maps.push([pointer(app.path, role, 'labels'), app.spec[role]?.labels]);
      maps.push([pointer(app.path, role, 'nodeSelector'), app.spec[role]?.nodeSelector]);
    }
  }
  return maps;
}

function labels(resource: Resource, value: unknown, path: string): Finding[] {
  if (!isRecord(value)) return [];
  // A loop with no array per label: a node selector may hold 100,000.
  const findings: Finding[] = [];
  for (const key of Object.keys(value)) {
    const labelText = value[key];
    const keyProblem = qualifiedName(key);
    if (keyProblem) findings.push(finding(resource, pointer(path, key), 'label-syntax', `label key "${key}": ${keyProblem}`));
    const valueProblem = typeof labelText === 'string' ? labelValue(labelText) : undefined;
    if (valueProblem) findings.push(finding(resource, pointer(path, key), 'label-syntax', `label value "${labelText}" ${valueProblem}`));
  }
  return findings;
}

function annotationKeys(resource: Resource, value: unknown, path: string): Finding[] {
  if (!isRecord(value)) return [];
  return Object.keys(value).flatMap((key) => {
    const problem = qualifiedName(key);
    return problem ? [finding(resource, pointer(path, key), 'label-syntax', `annotation key "${key}": ${problem}`)] : [];
  });
}

/** The value at a JSON pointer without escapes, or undefined. */
function at(object: unknown, path: string): unknown {
  return path
    .split('/')
    .slice(1)
    .reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), object);
}
