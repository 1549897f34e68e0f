import { InvalidArgumentError } from 'commander';

/** Parses an integer option, with an error commander prints next to the option's name. */
export function intOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

/** Parses a number option (e.g. a threshold). */
export function numberOption(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`"${value}" is not a number`);
  return n;
}
