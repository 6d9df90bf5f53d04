namespace EnergySettlement.Dash.Backends.Http;

/// <summary>
/// An answer that does not have the documented shape. Thrown by the parsing code, which does not know the chain or the
/// request; <see cref="BackendHttpClient"/> turns it into a <see cref="ChainRequestException"/> that names both.
/// </summary>
internal sealed class MalformedResponseException : Exception
{
    public MalformedResponseException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
