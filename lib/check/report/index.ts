import { CheckReport } from '../check-resources';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderText } from './text';

/** Output formats of `check --output`, by name. A format turns the reports of every checked version into text. */
export const REPORTERS: Record<string, (reports: readonly CheckReport[]) => string> = {
  text: renderText,
  json: renderJson,
  junit: renderJunit,
};
