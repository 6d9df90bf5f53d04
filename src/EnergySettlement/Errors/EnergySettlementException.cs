namespace EnergySettlement;

/// <summary>
/// The root of every exception the SDK throws for conditions a caller may want to handle
/// (as opposed to misuse, which throws the standard <see cref="ArgumentException"/> family).
/// </summary>
/// <remarks>
/// <see cref="IsTransient"/> tells whether repeating the same operation later may succeed
/// (an unreachable node) or never will (a rejected transaction), as <c>NpgsqlException.IsTransient</c> does.
/// </remarks>
public class EnergySettlementException : Exception
{
    /// <summary>Creates an exception with a message and an optional cause.</summary>
    /// <param name="message">What was expected and what was found. Never a secret.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public EnergySettlementException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Gets whether the same operation may succeed if retried later.</summary>
    /// <value>The default is <see langword="false"/>; subtypes for transient conditions return <see langword="true"/>.</value>
    public virtual bool IsTransient => false;
}
