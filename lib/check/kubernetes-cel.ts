import type { Environment } from '@marcbachmann/cel-js';

/** A CEL expression compiled once and evaluated against `self`. */
export type CompiledRule = (variables: { self: unknown }) => unknown;

let environment: Environment | undefined;

/**
 * CEL as the Kubernetes API server evaluates `x-kubernetes-validations`: the
 * standard library and macros (from cel-js) plus the Kubernetes library
 * functions CRDs use that cel-js lacks. A rule calling any other function
 * fails to evaluate and is reported as not evaluated.
 */
function kubernetesEnvironment(): Environment {
  if (environment) return environment;
  // Loaded on the first rule: only Karpenter's CRDs carry rules, and loading cel-js
  // would add a twentieth of a second to every synth and check without them.
  const { Environment } = require('@marcbachmann/cel-js') as typeof import('@marcbachmann/cel-js');
  environment = new Environment({ unlistedVariablesAreDyn: true })
    // Kubernetes regex library: the first match of a RE2 pattern, '' when none.
    .registerFunction('string.find(string): string', (text: string, pattern: string) => new RegExp(pattern).exec(text)?.[0] ?? '')
    .registerFunction('string.findAll(string): list<string>', (text: string, pattern: string) =>
      [...text.matchAll(new RegExp(pattern, 'g'))].map((m) => m[0]),
    );
  return environment;
}

const compiled = new Map<string, CompiledRule>();

/** Parses `expression` once per process; throws when it is not CEL cel-js understands. */
export function compileRule(expression: string): CompiledRule {
  let rule = compiled.get(expression);
  if (!rule) {
    rule = kubernetesEnvironment().parse(expression) as CompiledRule;
    compiled.set(expression, rule);
  }
  return rule;
}
