import { loadConfig } from '../config/load';
import { compareWithDirectory } from '../synth/compare';
import { RenderedFiles } from '../synth/render';
import { synthesize } from '../synth/synthesize';
import { writeOutputAtomically } from '../synth/write';
import { OutOfDateError } from './exit-codes';

export function synthCommand(opts: { config?: string; out: string; check?: boolean }): void {
  const config = loadConfig(opts.config);
  const files = synthesize(config);
  if (opts.check) {
    checkOutput(opts.out, files);
    return;
  }
  writeOutputAtomically(opts.out, files);
  process.stdout.write(`wrote ${files.size} files to ${opts.out}\n`);
}

/** `synth --check`: the CI step of a GitOps repository; prints the diff, writes nothing. */
function checkOutput(out: string, files: RenderedFiles): void {
  const { differing, patch } = compareWithDirectory(out, files);
  if (differing.length === 0) {
    process.stdout.write(`${out} is up to date (${files.size} files)\n`);
    return;
  }
  process.stdout.write(patch);
  throw new OutOfDateError(
    `${out} is out of date: ${differing.length} ${differing.length === 1 ? 'file differs' : 'files differ'}; run synth without --check to update it`,
  );
}
