// Language server entry point (LSP wiring over the engine).
export {};
