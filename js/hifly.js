// The two things the package's Rust cannot declare itself: the error class, so that every error
// is `instanceof Error`, and the async-iterator protocol around a `next` written in Rust.

/** Every error the package throws or rejects with. */
export class HiflyError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "HiflyError";
    Object.assign(this, fields);
  }
}

/** An async iterable iterator whose `next()` is the given function. */
export function asyncIterable(next) {
  return { next, [Symbol.asyncIterator]() { return this; } };
}
