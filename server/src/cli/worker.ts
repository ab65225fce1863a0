// Worker thread entry for parallel scans (filled in with the CLI's worker pool).
export {};
