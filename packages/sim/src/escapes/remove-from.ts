/**
 * Removes the first `item` from `list` in place and returns true, or returns false if it is not
 * there. For the short listener lists a run joins and leaves (an emptied Set would reallocate its
 * table at every leave).
 */
export function removeFrom<T>(list: T[], item: T): boolean {
  const at = list.indexOf(item);
  if (at < 0) return false;
  if (at === list.length - 1) list.pop();
  else list.splice(at, 1);
  return true;
}
