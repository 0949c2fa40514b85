import { kubernetesName } from './schema-parts';

/**
 * An override of one top-level section: any value the section takes, or null
 * to remove it (JSON Merge Patch). No type and no sub-schema here: the
 * contents are validated only after merging, against the section's own
 * schema, so no default of the section is filled into the override (where
 * it would replace the base's value with the default).
 */
function override(type: 'object' | 'array', section: string) {
  return {
    description:
      type === 'array'
        ? `Merged into ${section} by name: an item with a new name is added, one with a known name is merged into it, \`$remove: true\` removes it.`
        : `Merged into ${section}: keys set here replace the base's, null removes one.`,
  } as const;
}

/** The top-level sections an environment may override: every one but apiVersion, kind and environments. */
export const ENVIRONMENT_OVERRIDES = {
  chart: override('object', 'chart'),
  cluster: override('object', 'cluster'),
  mountpoint: override('object', 'mountpoint'),
  nodeDaemonSet: override('object', 'nodeDaemonSet'),
  buckets: override('array', 'buckets'),
  teams: override('array', 'teams'),
  podCsi: override('object', 'podCsi'),
  nodePools: override('array', 'nodePools'),
  gitops: override('object', 'gitops'),
  sparkApplications: override('array', 'sparkApplications'),
} as const;

/**
 * `environments`: one cluster each, as overrides of the base config. Each
 * environment, merged, is validated as a whole config; `synth` writes
 * DIR/<name>/ per environment.
 */
export const environmentsSchema = {
  type: 'array',
  minItems: 1,
  description:
    'Clusters built from this config: each environment overrides fields of the base config (lists of named items merge by name) and is synthesized into DIR/<name>/.',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { ...kubernetesName, description: 'Environment name: the directory DIR/<name>/ and the suffix of its GitOps object names.' },
      ...ENVIRONMENT_OVERRIDES,
    },
  },
} as const;
