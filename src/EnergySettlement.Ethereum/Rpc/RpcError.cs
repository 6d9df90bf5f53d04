namespace EnergySettlement.Ethereum.Rpc;

/// <summary>A JSON-RPC error object as a node returned it: code, message and optional data (revert data for reverts).</summary>
/// <param name="Code">The JSON-RPC error code (for example -32000).</param>
/// <param name="Message">The node's message, verbatim.</param>
/// <param name="Data">The error's <c>data</c> member as raw JSON text, or <see langword="null"/>.</param>
internal sealed record RpcError(long Code, string Message, string? Data)
{
    /// <summary>Gets the classification of this error.</summary>
    public RpcErrorKind Kind => RpcErrorClassifier.Classify(Code, Message);

    /// <inheritdoc />
    public override string ToString() => Data is null ? $"{Code} '{Message}'" : $"{Code} '{Message}' (data {Data})";
}
