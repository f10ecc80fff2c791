import 'server-only';
import { z } from 'zod';
import { ApiError, invalidRequest } from '@/lib/api/errors';
import { closestName } from './closest-name';
import { commands, type Command } from './commands';

/** A command found and its parameters parsed, ready to run. */
export interface ResolvedCommand {
  command: Command;
  params: unknown;
}

/** `name {param, optional?}`: a command's shape as the 400 lists it. */
export function commandShape(command: Command): string {
  if (!(command.params instanceof z.ZodObject)) return `${command.name} {…lead fields}`;
  const shape = command.params.shape as Record<string, z.ZodType>;
  const names = Object.entries(shape).map(([name, schema]) => (schema.safeParse(undefined).success ? `${name}?` : name));
  return `${command.name} {${names.join(', ')}}`;
}

export function acceptedCommands(): string {
  return `accepted commands: ${commands.map(commandShape).join('; ')}`;
}

/** The command called `name`, or the 400 that lists what is accepted (and the nearest name). */
export function findCommand(name: string): Command {
  const found = commands.find((command) => command.name === name);
  if (found) return found;
  const near = closestName(name, commands.map((command) => command.name));
  throw new ApiError('bad_request', `unknown command "${name}"${near ? `; did you mean ${near}?` : ''}; ${acceptedCommands()}`);
}

/** The command and its parameters parsed by its schema; a failure is a 400 naming the fields. */
export function resolveCommand(name: string, params: unknown): ResolvedCommand {
  const command = findCommand(name);
  const parsed = command.params.safeParse(params ?? {});
  if (parsed.success) return { command, params: parsed.data };
  const { details } = invalidRequest(parsed.error.issues);
  const problems = details!.map((detail) => (detail.path ? `${detail.path}: ${detail.message}` : detail.message)).join('; ');
  throw new ApiError('bad_request', `bad params for ${commandShape(command)}: ${problems}; ${acceptedCommands()}`, details);
}
