/** One body part of a MIME multi-part archive. */
export interface MimePart {
  /** Full Content-Type value, e.g. `text/x-shellscript; charset="us-ascii"`. */
  readonly contentType: string;
  /** 7-bit text; a final newline is added when missing. */
  readonly body: string;
}

/**
 * A `multipart/mixed` archive (RFC 2046) with a fixed boundary, so the same
 * parts always give the same bytes. Lines end in LF: cloud-init and Karpenter's
 * merger (Go's mime/multipart) accept it, and the YAML stays readable.
 */
export function renderMultipartMixed(parts: readonly MimePart[], boundary: string): string {
  if (!/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/.test(boundary)) {
    throw new Error(`"${boundary}" is not a valid MIME boundary (1-70 characters from RFC 2046's safe set)`);
  }
  if (parts.length === 0) throw new Error('a multipart archive needs at least one part');
  const delimiter = `--${boundary}`;
  const rendered = parts.map((part) => {
    if (/[^\x00-\x7f]/.test(part.body)) throw new Error('MIME part bodies must be 7-bit ASCII');
    if (part.body.split('\n').some((line) => line.startsWith(delimiter))) {
      throw new Error(`a part body contains the boundary line ${delimiter}`);
    }
    const body = part.body.endsWith('\n') ? part.body : `${part.body}\n`;
    return `${delimiter}\nContent-Type: ${part.contentType}\nContent-Transfer-Encoding: 7bit\n\n${body}`;
  });
  // The newline before each delimiter belongs to the delimiter, not to the body before it.
  return `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="${boundary}"\n\n${rendered.join('\n')}\n${delimiter}--\n`;
}
