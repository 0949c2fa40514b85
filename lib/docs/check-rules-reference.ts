import { describeSeverity, RULE_IDS, ruleAnchor, RULES, RULES_DOC } from '../check/rule-registry';

export { RULES_DOC as CHECK_RULES_REFERENCE_PATH };

const STEP_TITLES = {
  schema: '1. Schema',
  cel: '2. CRD CEL rules',
  'api-server': '3. API-server rules',
  wiring: '4. Wiring between the checked objects',
  kubeconform: '5. kubeconform cross-check',
} as const;

/** docs/check-rules.md: every rule of `check` from the registry, an anchor per rule (the doc link findings carry). */
export function renderCheckRulesReference(): string {
  const lines = [
    '# `check` rules',
    '',
    '<!-- Generated from lib/check/rule-registry.ts by `npm run docs`; edit the registry, not this file. -->',
    '',
    'Every finding of `mountpoint-s3-spark check` names its rule in brackets (`[pv-pvc]`) and, in `--output json`, links here.',
    '`check --list-rules` prints this list; `--skip-rules ID,…` drops a rule\'s findings. Errors make the run exit 1; warnings',
    'do not, unless `--warnings-as-errors`. A reference to an object that is not among the checked ones is a warning',
    '("make sure it exists in the cluster"), an error with `--strict-references` (which `synth` uses for its own, complete output).',
    '',
  ];
  for (const [step, title] of Object.entries(STEP_TITLES)) {
    lines.push(`## ${title}`, '');
    for (const id of RULE_IDS.filter((r) => RULES[r].step === step)) {
      const rule = RULES[id];
      lines.push(`<a id="${ruleAnchor(id)}"></a>`, `### \`${id}\``, '', `**${describeSeverity(rule)}.** ${capitalize(rule.summary)}.`, '', rule.detail, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
