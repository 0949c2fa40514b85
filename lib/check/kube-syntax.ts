/** Kubernetes' syntax rules for names, label keys and values (apimachinery's validation package), as messages or undefined when valid. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

export function dns1123Label(value: string): string | undefined {
  if (value.length > 63) return `must be no more than 63 characters (is ${value.length})`;
  if (!DNS1123_LABEL.test(value))
    return 'must be a DNS-1123 label: lower case letters, digits and "-", starting and ending with a letter or digit';
  return undefined;
}

export function dns1035Label(value: string): string | undefined {
  if (value.length > 63) return `must be no more than 63 characters (is ${value.length})`;
  if (!DNS1035_LABEL.test(value))
    return 'must be a DNS-1035 label: lower case letters, digits and "-", starting with a letter and ending with a letter or digit';
  return undefined;
}

export function dns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return `must be no more than 253 characters (is ${value.length})`;
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return 'must be a DNS-1123 subdomain: lower case letters, digits, "-" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Names the API server only needs to be usable in a URL path (RBAC objects: `system:controller:…`). */
export function pathSegmentName(value: string): string | undefined {
  if (value === '.' || value === '..') return `may not be "${value}"`;
  if (/[/%]/.test(value)) return 'may not contain "/" or "%"';
  return undefined;
}

/** Keys already found valid: thousands of objects share a few dozen label and annotation keys. Bounded against hostile input. */
const VALID_KEYS = new Set<string>();
const VALID_KEYS_KEPT = 10_000;

/** A label or annotation key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
export function qualifiedName(key: string): string | undefined {
  if (VALID_KEYS.has(key)) return undefined;
  const problem = validQualifiedName(key) ? undefined : qualifiedNameProblem(key);
  if (!problem && VALID_KEYS.size < VALID_KEYS_KEPT) VALID_KEYS.add(key);
  return problem;
}

/** The valid keys in one test (a DNS-1123 subdomain and `/`, or none, then a name part), lengths apart: 100,000 node labels are mostly fine. */
const QUALIFIED_NAME =
  /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

function validQualifiedName(key: string): boolean {
  if (!QUALIFIED_NAME.test(key)) return false;
  const slash = key.indexOf('/');
  return slash <= 253 && key.length - slash - 1 <= 63;
}

function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a qualified name has at most one "/"';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (!parts[0]) return 'the prefix before "/" must not be empty';
    const prefix = dns1123Subdomain(parts[0]);
    if (prefix) return `the prefix ${prefix}`;
  }
  if (!name) return 'the name part must not be empty';
  if (name.length > 63) return `the name part must be no more than 63 characters (is ${name.length})`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return 'the name part must consist of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Label values already found valid (as VALID_KEYS). */
const VALID_VALUES = new Set<string>();

export function labelValue(value: string): string | undefined {
  if (VALID_VALUES.has(value)) return undefined;
  if (value.length > 63) return `must be no more than 63 characters (is ${value.length})`;
  if (!LABEL_VALUE.test(value)) return 'must be empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  if (VALID_VALUES.size < VALID_KEYS_KEPT) VALID_VALUES.add(value);
  return undefined;
}

export function configMapKey(key: string): string | undefined {
  if (key.length > 253) return `must be no more than 253 characters (is ${key.length})`;
  if (key === '.' || key === '..') return `may not be "${key}"`;
  if (!CONFIG_MAP_KEY.test(key)) return 'must consist of letters, digits, "-", "_" and "."';
  return undefined;
}
