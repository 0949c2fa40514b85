import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import * as yaml from 'js-yaml';
import { unlessGone } from '../files/unless-gone';
import { RenderedFiles } from '../rendered-files';

/**
 * Chart registries, chart-testing and Helm itself tell releases apart by
 * version: a chart whose content changes under the same version silently
 * replaces the old one. This compares the chart synthesized now with the
 * unpacked chart already in the output directory (read only).
 *
 * @returns a sentence naming the version to use, or undefined when DIR holds
 * no chart of that name, the version changed, or the content did not.
 */
export function chartVersionBumpNeeded(outDir: string, files: RenderedFiles, chartName: string, version: string): string | undefined {
  const prefix = `helm/${chartName}/`;
  const before = readChart(join(outDir, prefix));
  if (before === undefined) return undefined;
  const previous = chartVersionOf(before.get('Chart.yaml') ?? '');
  if (String(previous) !== version) return undefined;
  const after = new Map(
    [...files].filter(([path]) => path.startsWith(prefix)).map(([path, content]) => [path.slice(prefix.length), String(content)]),
  );
  const same = before.size === after.size && [...after].every(([path, content]) => before.get(path) === content);
  if (same) return undefined;
  return `the Helm chart ${chartName} changed but its version is still ${version}: bump it, e.g. --chart-version ${nextVersion(version)} or chart.version: ${nextVersion(version)} in the config`;
}

/** `version:` of a Chart.yaml in DIR; undefined when the file is not one YAML mapping (DIR content may be anything). */
function chartVersionOf(text: string): unknown {
  try {
    const chart = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    return chart !== null && typeof chart === 'object' ? (chart as { version?: unknown }).version : undefined;
  } catch (error) {
    if (error instanceof yaml.YAMLException) return undefined;
    throw error;
  }
}

/** The next patch release (1.2.3 → 1.2.4), or the release a pre-release leads to (1.2.3-rc.1 → 1.2.3). */
export function nextVersion(version: string): string {
  const core = version.split('+')[0];
  const preRelease = core.indexOf('-');
  if (preRelease !== -1) return core.slice(0, preRelease);
  const [major, minor, patch] = core.split('.').map(Number);
  return `${major}.${minor}.${patch + 1}`;
}

/**
 * The text files of an unpacked chart by `/`-separated relative path; undefined when there is none. It is read
 * without the output lock (only the write takes it), so another synth may replace the chart meanwhile: a file or
 * folder gone between listing and reading is left out (the comparison then finds the chart changed), not an error.
 */
function readChart(dir: string): Map<string, string> | undefined {
  if (!existsSync(join(dir, 'Chart.yaml'))) return undefined;
  const files = new Map<string, string>();
  const walk = (relative: string): void => {
    for (const entry of unlessGone(() => readdirSync(join(dir, relative), { withFileTypes: true })) ?? []) {
      const path = relative === '' ? entry.name : posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const text = unlessGone(() => readFileSync(join(dir, path), 'utf8'));
        if (text !== undefined) files.set(path, text);
      }
    }
  };
  walk('');
  return files;
}
