using System.Threading.Channels;

namespace EnergySettlement.Matching;

/// <summary>One worker: a bounded queue, the books it owns, and its sink. Only its own task touches its books.</summary>
internal sealed class MatchingWorker<TSink>
    where TSink : struct, IMatchingEventSink
{
    private readonly MatchingEngine _engine = new();
    private TSink _sink;

    public MatchingWorker(int capacity, TSink sink)
    {
        _sink = sink;
        Queue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    public Channel<WorkItem> Queue { get; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ChannelReader<WorkItem> reader = Queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (!cancellationToken.IsCancellationRequested && reader.TryRead(out WorkItem item))
                {
                    Execute(in item);
                }
            }
        }
        catch (Exception e)
        {
            // Producers waiting on a full queue must not hang on a stopped worker: close the queue with the cause.
            Queue.Writer.TryComplete(e);
            throw;
        }
    }

    private void Execute(in WorkItem item)
    {
        if (item.Book is not null)
        {
            _engine.AddBook(item.Book);
        }
        else if (item.IsRemoval)
        {
            _engine.RemoveBook(item.Command.BookId);
        }
        else if (item.IsCloseDue)
        {
            _engine.CloseDueBooks(item.Now, ref _sink);
        }
        else
        {
            _engine.Process(item.Command, ref _sink);
        }
    }
}
