import { ConfigError, Problem } from '../config/problems';
import { Config } from '../config/schema';
import { UsageError } from '../errors';
import { EnvironmentError, environmentErrorOf, isSystemError } from '../files/environment-error';
import { RenderedFiles } from '../rendered-files';
import { parseTokenizedApp, stringifyTokenizedApp, TokenizedApp } from '../helm/tokenized-app';

/*
 * What the worker thread that packages the Helm chart (package-worker.ts)
 * and the main thread send each other. The files come back in one
 * ArrayBuffer, transferred, not copied: the worker encodes them (in parallel
 * with the main thread's work) and the main thread writes the bytes as they
 * are, each file a view into that buffer.
 */

/**
 * One message of the tokenized app's hand-off to the worker: the JSON text
 * of a slice of one group's objects, or last, the rest of the app (its
 * groups without objects); `{}` alone says there is no app.
 */
export type AppMessage = { readonly group: number; readonly objects: string } | { readonly app: string } | Readonly<Record<string, never>>;

/**
 * Objects per message. The app of 10,000 teams is 94 MB of JSON: as one
 * text its parts lived until it was posted, so the garbage collector copied
 * them twice and kept them in the old generation; a slice's text is posted
 * at once and dies young. From 16 to 1,024 objects per slice costs the same.
 */
const OBJECTS_PER_MESSAGE = 256;

/** The messages that hand `app` over, each made as it is posted (their texts die young). */
export function* appMessages(app: TokenizedApp): Generator<AppMessage> {
  for (let group = 0; group < app.groups.length; group++) {
    const { objects } = app.groups[group];
    for (let at = 0; at < objects.length; at += OBJECTS_PER_MESSAGE)
      yield { group, objects: JSON.stringify(objects.slice(at, at + OBJECTS_PER_MESSAGE)) };
  }
  yield { app: stringifyTokenizedApp({ ...app, groups: app.groups.map(({ id }) => ({ id, objects: [] })) }) };
}

/**
 * The app of `config` that `appMessages` sent, read as its messages come:
 * `read` says whether that message was the last; `app` gives the app then
 * (undefined when none was sent), or throws the error reading a message met.
 */
export class AppReceiver {
  private readonly objects: unknown[][] = [];
  private text: string | undefined;
  private error: unknown;

  constructor(private readonly config: Config) {}

  read(message: AppMessage): boolean {
    if ('app' in message) this.text = message.app;
    else if ('group' in message) {
      try {
        const objects = (this.objects[message.group] ??= []);
        for (const object of JSON.parse(message.objects) as unknown[]) objects.push(object);
      } catch (error) {
        this.error ??= error;
      }
      return false;
    }
    return true;
  }

  app(): TokenizedApp | undefined {
    if (this.error !== undefined) throw this.error;
    if (this.text === undefined) return undefined;
    const app = parseTokenizedApp(this.text, this.config);
    return { ...app, groups: app.groups.map(({ id }, group) => ({ id, objects: this.objects[group] ?? [] })) };
  }
}

/** Files by path, as a list of `[path, start, end]` into the buffer they were packed into. */
export type PackedIndex = ReadonlyArray<readonly [path: string, start: number, end: number]>;

/** Several sets of files, packed into one buffer. */
export interface PackedFiles {
  readonly buffer: ArrayBuffer;
  readonly sets: readonly PackedIndex[];
}

export function packFiles(sets: readonly RenderedFiles[]): PackedFiles {
  let size = 0;
  for (const files of sets) for (const content of files.values()) size += Buffer.byteLength(content);
  // Its own memory, not Node's shared pool: transferring a pooled buffer would take other buffers' bytes with it.
  const buffer = new ArrayBuffer(size);
  const bytes = Buffer.from(buffer);
  let offset = 0;
  const indexes = sets.map((files) =>
    [...files].map(([path, content]): PackedIndex[number] => {
      const start = offset;
      offset += typeof content === 'string' ? bytes.write(content, offset) : content.copy(bytes, offset);
      return [path, start, offset];
    }),
  );
  return { buffer, sets: indexes };
}

/** The sets of files of `packed`, each file's content a Buffer viewing the packed buffer (no copy). */
export function unpackFiles({ buffer, sets }: PackedFiles): RenderedFiles[] {
  return sets.map((index) => new Map(index.map(([path, start, end]) => [path, Buffer.from(buffer, start, end - start)])));
}

/** An error of the worker as data: the CLI's own errors keep their kind, and so their exit code and message. */
export type WireError =
  | { readonly kind: 'usage'; readonly message: string }
  | { readonly kind: 'config'; readonly file: string; readonly problems: readonly Problem[] }
  | { readonly kind: 'environment'; readonly path: string; readonly reason: string; readonly code?: string }
  | { readonly kind: 'internal'; readonly message: string; readonly stack?: string };

export function toWireError(error: unknown): WireError {
  if (error instanceof UsageError) return { kind: 'usage', message: error.message };
  if (error instanceof ConfigError) return { kind: 'config', file: error.file, problems: error.problems };
  if (error instanceof EnvironmentError || isSystemError(error)) {
    const { path, reason, code } = error instanceof EnvironmentError ? error : environmentErrorOf(error);
    return { kind: 'environment', path, reason, code };
  }
  if (error instanceof Error) return { kind: 'internal', message: error.message, stack: error.stack };
  return { kind: 'internal', message: String(error) };
}

/** The error the worker raised, as the main thread raises it. */
export function fromWireError(error: WireError): Error {
  switch (error.kind) {
    case 'usage':
      return new UsageError(error.message);
    case 'config':
      return new ConfigError(error.file, error.problems);
    case 'environment':
      return new EnvironmentError(error.path, error.reason, error.code);
    case 'internal': {
      const internal = new Error(error.message);
      if (error.stack !== undefined) internal.stack = error.stack;
      return internal;
    }
  }
}
