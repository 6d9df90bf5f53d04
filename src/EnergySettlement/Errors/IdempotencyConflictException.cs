namespace EnergySettlement;

/// <summary>
/// A durable store was asked to record something under a key it already holds with other content: the same batch id
/// with other payouts, the same journal sequence with another command, the same batch reserving other coins. The store
/// changed nothing. Recording the same key with the same content again is not an error (it succeeds as "already exists").
/// </summary>
/// <remarks>Never transient: retrying the same call fails the same way. It usually means two writers disagree about what
/// an id stands for — a bug, or a second process using the same store without coordination.</remarks>
public sealed class IdempotencyConflictException : EnergySettlementException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">What kind of record the key names (for example <c>settlement batch</c> or <c>coin reservation</c>).</param>
    /// <param name="key">The key, as text.</param>
    /// <param name="message">What is recorded and what was offered instead (never a secret).</param>
    public IdempotencyConflictException(string store, string key, string message)
        : base(message)
    {
        Store = store;
        Key = key;
    }

    /// <summary>Gets what kind of record the key names.</summary>
    public string Store { get; }

    /// <summary>Gets the key, as text.</summary>
    public string Key { get; }
}
