/** A promise that fulfils when `work` settles either way, with whether it was fulfilled. */
export function settled(work: PromiseLike<unknown>): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    work.then(
      () => resolve(true),
      () => resolve(false),
    );
  });
}
