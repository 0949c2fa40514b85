import { configSchemaJson } from '../config/schema-json';
import { CommandIo, processIo } from './io';

/** `schema`: the config's JSON Schema on standard output, for editors and other validators. */
export function schemaCommand(io: CommandIo = processIo()): void {
  io.stdout(configSchemaJson());
}
