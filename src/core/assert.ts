/** Thrown when an impossible state is reached: a bug, never an expected outcome. */
export class AssertionFailed extends Error {
  override name = 'AssertionFailed';
}

/** Asserts an invariant; a failure is a bug and throws loudly. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailed(message);
}
