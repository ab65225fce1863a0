// Preloaded into a benchmarked process (node --require): prints the CPU time of all its threads
// at exit, so the bench can report throughput per CPU second next to wall-clock throughput
// (the machine is shared: wall-clock figures move with the load, CPU time much less).
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\n__secure_ml_cpu_us__ ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
