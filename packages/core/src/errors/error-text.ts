/** `Name: message` for an Error, `String(value)` for anything else: an error inside a one-line report. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
