using BenchmarkDotNet.Running;

// Settlement pipeline and journal benchmarks; arguments go to BenchmarkDotNet
// (for example `-- --filter '*Journal*' --job short`). See docs/settlement.md for the figures.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
