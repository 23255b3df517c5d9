/** `Name: message` for an Error (its first line), `String(value)` for anything else. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0] as string;
}
