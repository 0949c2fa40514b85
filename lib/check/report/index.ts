import { CheckReport } from '../check-resources';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderTap } from './tap';
import { renderText } from './text';

export interface ReportOptions {
  /** kubeconform's `-summary`: end with its `Summary: N resources found in M files - Valid: …` line. */
  readonly summary?: boolean;
}

/** Output formats of `check --output`, by name. A format turns the reports of every checked version into text. */
export const REPORTERS: Record<string, (reports: readonly CheckReport[], options?: ReportOptions) => string> = {
  text: renderText,
  json: renderJson,
  junit: renderJunit,
  tap: renderTap,
};
