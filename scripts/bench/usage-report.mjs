// Preloaded into a measured child (`node --import ./usage-report.mjs …`): when the process exits, one line on
// stderr with its own peak RSS and CPU time, so that a bench reads the child's figures without /usr/bin/time
// (lib.ts runCli reads it).
process.on('exit', () => {
  const usage = process.resourceUsage();
  const figures = { maxRssMiB: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 };
  process.stderr.write(`\ncorsim-bench-usage ${JSON.stringify(figures)}\n`);
});
