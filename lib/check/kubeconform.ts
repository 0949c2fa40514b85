import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UsageError } from '../errors';
import { CheckReport } from './check-resources';
import { DEFAULT_LOCATION } from './schema-locations';
import { KUBECONFORM_SCHEMA_LOCATION } from './schema-registry';
import { Finding, finding, Resource } from './types';

/** The kubeconform to cross-check with: `--kubeconform BIN`, else `$KUBECONFORM`, else `kubeconform` on PATH; undefined when none. */
export function findKubeconform(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return explicit;
  if (env.KUBECONFORM) return env.KUBECONFORM;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'kubeconform');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

interface KubeconformResource {
  filename: string;
  kind: string;
  name: string;
  version: string;
  status: string;
  msg?: string;
}

const VERDICTS: Record<string, 'valid' | 'invalid' | 'skipped' | undefined> = {
  statusValid: 'valid',
  statusInvalid: 'invalid',
  statusError: 'invalid',
  statusSkipped: 'skipped',
};

/**
 * Step 5: runs kubeconform over the same inputs and the same schema directory
 * (strict, JSON output) and reports every object on which its verdict differs
 * from step 1's. kubeconform failing an object step 1 passed is an error;
 * the other way round (step 1 is stricter) a warning.
 */
export function crossCheckWithKubeconform(
  bin: string,
  report: CheckReport,
  inputs: {
    paths: readonly string[];
    stdin?: string;
    ignoreMissingSchemas?: boolean;
    /** `--schema-location` as given (`default`: ours); the vendored schemas come last, as in the schema step. */
    schemaLocations?: readonly string[];
    skipKinds?: readonly string[];
    rejectKinds?: readonly string[];
  },
): Finding[] {
  const locations = [
    ...(inputs.schemaLocations ?? []).map((l) => (l === DEFAULT_LOCATION ? KUBECONFORM_SCHEMA_LOCATION : l)),
    KUBECONFORM_SCHEMA_LOCATION,
  ];
  const args = [
    '-strict',
    '-verbose',
    '-output',
    'json',
    '-kubernetes-version',
    `${report.kubernetesVersion}.0`,
    ...[...new Set(locations)].flatMap((l) => ['-schema-location', l]),
    '-skip',
    ['Kustomization', ...(inputs.skipKinds ?? [])].join(','),
    ...(inputs.rejectKinds?.length ? ['-reject', inputs.rejectKinds.join(',')] : []),
    ...(inputs.ignoreMissingSchemas ? ['-ignore-missing-schemas'] : []),
    ...inputs.paths,
  ];
  const run = spawnSync(bin, args, { input: inputs.stdin, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new UsageError(`kubeconform (${bin}) could not run: ${run.error.message}`);
  let output: { resources?: KubeconformResource[] };
  try {
    output = JSON.parse(run.stdout);
  } catch {
    throw new UsageError(`kubeconform (${bin}) did not print JSON: ${(run.stderr || run.stdout).trim().split('\n')[0]}`);
  }
  const unmatched = [...report.resources];
  const findings: Finding[] = [];
  for (const theirs of output.resources ?? []) {
    const verdict = VERDICTS[theirs.status];
    const i = unmatched.findIndex((r) => sameObject(r, theirs));
    if (!verdict || i < 0) continue;
    const resource = unmatched.splice(i, 1)[0];
    const ours = schemaVerdict(report, resource);
    if (ours === verdict) continue;
    const detail = theirs.msg ? `: ${theirs.msg}` : '';
    findings.push(
      finding(
        resource,
        '',
        'kubeconform',
        `kubeconform says ${verdict}${detail}; the schema step says ${ours}`,
        verdict === 'invalid' ? 'error' : 'warning',
      ),
    );
  }
  return findings;
}

function sameObject(resource: Resource, theirs: KubeconformResource): boolean {
  const file = resource.file === '-' ? 'stdin' : resource.file;
  return (
    theirs.filename === file &&
    theirs.kind === resource.object.kind &&
    theirs.name === resource.object.metadata?.name &&
    theirs.version === resource.object.apiVersion
  );
}

/** Step 1's verdict as kubeconform would give it: a YAML 1.1 scalar in a string field is a type error there. */
function schemaVerdict(report: CheckReport, resource: Resource): 'valid' | 'invalid' | 'skipped' {
  const own = report.findings.filter((f) => f.resource === resource && (f.rule.startsWith('schema/') || f.rule === 'yaml11-scalar'));
  if (own.some((f) => f.severity === 'error' || f.rule === 'yaml11-scalar')) return 'invalid';
  return own.some((f) => f.rule === 'schema/skipped') ? 'skipped' : 'valid';
}
