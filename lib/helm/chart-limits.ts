import { UsageError } from '../errors';

/**
 * Helm's limits on a chart (helm v3.17.3, pkg/chart/loader/archive.go):
 * `MaxDecompressedFileSize` for every file of a chart, loaded from a
 * directory or an archive, and `MaxDecompressedChartSize` for the sum of an
 * archive's files. A file may be exactly the limit; the sum must stay below.
 */
export const HELM_MAX_FILE_BYTES = 5 * 1024 * 1024;
export const HELM_MAX_CHART_BYTES = 100 * 1024 * 1024;

const size = (bytes: number) => `${bytes.toLocaleString('en-US')} bytes`;

/**
 * Refuses (exit 2) a chart Helm would not load, naming the file or the sum,
 * rather than writing it: the layout keeps a chart of 10,000 teams far below
 * the limits, but a config can still be larger than any chart can hold.
 */
export function assertHelmLoads(chartName: string, files: ReadonlyMap<string, string>): void {
  let total = 0;
  for (const [path, content] of files) {
    const bytes = Buffer.byteLength(content);
    total += bytes;
    if (bytes > HELM_MAX_FILE_BYTES)
      throw new UsageError(
        `the Helm chart's ${chartName}/${path} would be ${size(bytes)}, more than the ${size(HELM_MAX_FILE_BYTES)} (5 MiB) Helm loads per file; split the platform into several configs`,
      );
  }
  if (total >= HELM_MAX_CHART_BYTES)
    throw new UsageError(
      `the Helm chart ${chartName} would be ${size(total)}, more than the ${size(HELM_MAX_CHART_BYTES - 1)} (100 MiB) Helm loads from a chart archive; split the platform into several configs`,
    );
}
