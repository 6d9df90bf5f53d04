using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line (for example --filter '*'); see docs for the figures.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
