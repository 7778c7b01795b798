// hifly-sdk's parser: the body string crosses into wasm, is parsed and checked there, and the
// result object is built from Rust.
import { parseCallback } from "hifly-sdk";

export const name = "hifly-sdk parseCallback";
export const parse = parseCallback;
