using BenchmarkDotNet.Running;
using EnergySettlement.Matching.Benchmarks.Grid;
using EnergySettlement.Matching.Benchmarks.Latency;

// `-- latency [commands]` runs the constant-rate latency harness, `-- pauses [seconds]` measures how often the machine
// pauses an idle loop (the floor under latency figures), `-- grid-mix` describes and probes the 16-zone stream; anything else goes to BenchmarkDotNet
// (for example `-- --filter '*Throughput*' --job short`). See docs/matching.md for the figures.
if (args.Length > 0 && args[0] == "latency")
{
    LatencyHarness.Run(args);
}
else if (args.Length > 0 && args[0] == "pauses")
{
    PauseProbe.Run(args);
}
else if (args.Length > 0 && args[0] == "grid-mix")
{
    GridWorkloadProbe.Run();
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
