// Evaluates a ValidatingAdmissionPolicy spec the way the API server does for
// one request: variables in order (each visible to the next as
// `variables.<name>`), then every validation, whose messageExpression explains
// a denial. Runs as its own Node process because @marcbachmann/cel-js is an
// ES module and jest runs the tests as CommonJS.
//
// stdin:  {"spec": <policy spec>, "requests": [{"namespace": "...", "operation": "CREATE", "object": <pod>}]}
// stdout: [{"allowed": true} | {"allowed": false, "message": "..."}]
import { readFileSync } from 'node:fs';
import { evaluate } from '@marcbachmann/cel-js';

const { spec, requests } = JSON.parse(readFileSync(0, 'utf8'));

const results = requests.map(({ namespace, operation, object }) => {
  const context = { object, request: { namespace, operation }, variables: {} };
  for (const variable of spec.variables ?? []) {
    context.variables[variable.name] = evaluate(variable.expression, context);
  }
  for (const validation of spec.validations) {
    if (evaluate(validation.expression, context) !== true) {
      const message = validation.messageExpression ? evaluate(validation.messageExpression, context) : validation.message;
      return { allowed: false, message };
    }
  }
  return { allowed: true };
});
process.stdout.write(JSON.stringify(results));
