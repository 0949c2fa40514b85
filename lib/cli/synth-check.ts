import { CheckReport, passed, summarize } from '../check/check-resources';
import { REPORTERS } from '../check/report';
import { checkRenderedManifests } from '../check/rendered-manifests';
import { Config } from '../config/schema';
import { RenderedFiles } from '../rendered-files';
import { describeReport } from './check';
import { Progress } from './progress';
import { CheckSummary } from './synth-summary';

/*
 * The check `synth` runs before writing. synth.ts requires this module only
 * when it checks, so `synth --no-check` and `synth --check` load none of the
 * check code (validators, CEL, API-server and wiring rules).
 */

/** One directory `synth` checks: DIR itself, or DIR/<environment>. */
export interface CheckedUnit {
  /** The environment; undefined for a config without environments. */
  readonly name?: string;
  readonly config: Config;
  readonly files: RenderedFiles;
}

export interface SynthCheck {
  readonly summary: CheckSummary;
  /** The text report of the units that failed; undefined when every unit passed. */
  readonly failures?: string;
}

/** Checks each unit in memory against its own cluster's Kubernetes version. */
export function checkUnits(units: readonly CheckedUnit[], progress: Progress): SynthCheck {
  const reports = units.map((unit) => {
    const version = unit.config.cluster.kubernetesVersion;
    const label = unit.name === undefined ? `check (Kubernetes ${version})` : `check ${unit.name} (Kubernetes ${version})`;
    return progress.step(label, () => checkRenderedManifests(unit.files, version), describeReport);
  });
  const summary = checkSummary(combinedReport(reports));
  if (summary.verdict === 'valid') return { summary };
  const failures = units.flatMap((unit, i) =>
    passed(reports[i]) ? [] : [`${unit.name === undefined ? '' : `environment ${unit.name}:\n`}${REPORTERS.text([reports[i]])}`],
  );
  return { summary, failures: failures.join('') };
}

/** One report over the reports of several environments: their objects and findings together. */
function combinedReport(reports: readonly CheckReport[]): CheckReport {
  if (reports.length === 1) return reports[0];
  return {
    kubernetesVersion: [...new Set(reports.map((r) => r.kubernetesVersion))].join(', '),
    resources: reports.flatMap((r) => r.resources),
    findings: reports.flatMap((r) => r.findings),
    loadErrors: reports.flatMap((r) => r.loadErrors),
  };
}

function checkSummary(report: CheckReport): CheckSummary {
  const { resources, valid, invalid, skipped } = summarize(report);
  return { verdict: passed(report) ? 'valid' : 'invalid', kubernetesVersion: report.kubernetesVersion, resources, valid, invalid, skipped };
}
