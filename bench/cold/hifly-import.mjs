// Import hifly-sdk only (Node entry: the .wasm is read and instantiated synchronously).
import "hifly-sdk";
