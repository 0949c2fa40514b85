import { writeFileSync } from 'node:fs';
import { packagePath } from '../package-root';
import { CHECK_RULES_REFERENCE_PATH, renderCheckRulesReference } from './check-rules-reference';

/** `npm run docs`: regenerates docs/check-rules.md from the rule registry. */
if (require.main === module) {
  writeFileSync(packagePath(CHECK_RULES_REFERENCE_PATH), renderCheckRulesReference());
  process.stdout.write(`wrote ${CHECK_RULES_REFERENCE_PATH}\n`);
}
