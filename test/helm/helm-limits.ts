/**
 * Helm's limits on a chart, read from helm v3.17.3 (the vendored helm),
 * pkg/chart/loader/archive.go: `MaxDecompressedFileSize` applies to every file
 * of a chart, loaded from a directory (directory.go) or an archive;
 * `MaxDecompressedChartSize` to the sum of an archive's files. A file may be
 * exactly the limit (`>` is refused); the archive's sum must stay below it.
 */
export const HELM_MAX_FILE_BYTES = 5 * 1024 * 1024;
export const HELM_MAX_CHART_BYTES = 100 * 1024 * 1024;
