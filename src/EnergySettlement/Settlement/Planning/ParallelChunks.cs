namespace EnergySettlement.Settlement;

/// <summary>Runs independent chunks of planning work on every core. Each chunk writes only its own part of the output,
/// so the result does not depend on which thread ran which chunk, nor on how many cores there are.</summary>
internal static class ParallelChunks
{
    public static void Run(int chunks, Action<int> body)
    {
        if (chunks <= 1 || Environment.ProcessorCount == 1)
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
