using System.Globalization;

namespace EnergySettlement.Dash.Backends.DashCore;

/// <summary>A JSON-RPC error object from Dash Core.</summary>
/// <param name="Code">The node's code (negative; see <see cref="DashCoreErrorCodes"/>).</param>
/// <param name="Message">The node's message.</param>
internal sealed record DashCoreRpcError(long Code, string Message)
{
    /// <summary>Gets the code as text, the form <see cref="ChainRequestException.ErrorCode"/> carries.</summary>
    public string CodeText => Code.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => $"{CodeText} \"{Message}\"";
}
