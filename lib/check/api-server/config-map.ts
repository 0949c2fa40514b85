import { configMapKey } from '../kube-syntax';
import { isRecord } from '../pod-specs';
import { Finding, finding, pointer, Resource } from '../types';
import { CONFIG_MAP_MAX_BYTES } from '../../size-limits';

/** ConfigMap keys must be file names (they become files in volumes); all values together at most 1 MiB. */
export function checkConfigMap(resource: Resource): Finding[] {
  const { object } = resource;
  if (object.kind !== 'ConfigMap' || object.apiVersion !== 'v1') return [];
  const findings: Finding[] = [];
  let size = 0;
  const textKeys = new Set<string>();
  for (const field of ['data', 'binaryData'] as const) {
    const entries = isRecord(object[field]) ? Object.entries(object[field]) : [];
    for (const [key, value] of entries) {
      const problem = configMapKey(key);
      if (problem) findings.push(finding(resource, pointer(`/${field}`, key), 'configmap-key', `key "${key}" ${problem}`));
      if (field === 'binaryData' && textKeys.has(key)) {
        findings.push(finding(resource, pointer(`/${field}`, key), 'configmap-key', `key "${key}" is in both data and binaryData`));
      }
      if (field === 'data') textKeys.add(key);
      const bytes = typeof value !== 'string' ? 0 : field === 'data' ? Buffer.byteLength(value) : Buffer.from(value, 'base64').length;
      size += bytes; // values only: the API server does not count keys (CONFIG_MAP_MAX_BYTES)
    }
  }
  if (size > CONFIG_MAP_MAX_BYTES) {
    findings.push(
      finding(
        resource,
        '/data',
        'configmap-size',
        `data and binaryData total ${size} bytes, more than the 1 MiB (${CONFIG_MAP_MAX_BYTES} bytes) limit`,
      ),
    );
  }
  return findings;
}
