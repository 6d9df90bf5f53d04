namespace EnergySettlement.Dash.Addresses;

/// <summary>
/// Thrown when a well-formed address or WIF key carries a version byte that is not the expected network's — a testnet
/// address given to a mainnet provider, a Bitcoin address given to a Dash provider.
/// </summary>
public sealed class WrongNetworkException : Base58CheckFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and found (never the text itself).</param>
    /// <param name="expectedNetwork">The name of the network that was expected.</param>
    /// <param name="actualVersion">The version byte found.</param>
    public WrongNetworkException(string message, string expectedNetwork, byte actualVersion)
        : base(message)
    {
        ExpectedNetwork = expectedNetwork;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the name of the network that was expected (for example <c>dash-mainnet</c>).</summary>
    public string ExpectedNetwork { get; }

    /// <summary>Gets the version byte found.</summary>
    public byte ActualVersion { get; }
}
