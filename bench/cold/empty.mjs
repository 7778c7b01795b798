// An ES module that does nothing: what loading any .mjs costs on top of `node -e 0`.
