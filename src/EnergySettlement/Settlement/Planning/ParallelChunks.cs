namespace EnergySettlement.Settlement;

/// <summary>Runs independent chunks of planning work on every core. Each chunk writes only its own part of the output,
/// so the result does not depend on which thread ran which chunk, nor on how many cores there are.</summary>
internal static class ParallelChunks
{
    /// <summary>Set by tests on their own thread to run every chunk on it, in order, for comparison with the parallel run.</summary>
    [ThreadStatic]
    internal static bool Sequential;

    /// <summary>Gets whether work handed out on this thread would run on one core anyway.</summary>
    public static bool OneThread => Sequential || Environment.ProcessorCount == 1;

    public static void Run(int chunks, Action<int> body)
    {
        if (chunks <= 1 || OneThread)
        {
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                body(chunk);
            }

            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, body);
    }
}
