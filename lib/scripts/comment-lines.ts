/**
 * `script` without its comment lines and blank lines, for where bytes are
 * scarce (a node pool's EC2 user data: 16 KB in all). Bash never reads them;
 * the `#!` line and shellcheck directives stay. Only whole lines go, which is
 * sound for the scripts here: they have no here-documents and no quoted text
 * that spans lines (test/scripts/comment-lines.test.ts has bash parse both
 * versions of every example's script and compares what it read).
 */
export function withoutCommentLines(script: string): string {
  const [first, ...rest] = script.split('\n');
  return [first, ...rest.filter((line) => !/^\s*(#(?! shellcheck )|$)/.test(line))].join('\n') + (script.endsWith('\n') ? '\n' : '');
}
