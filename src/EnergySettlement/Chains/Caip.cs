namespace EnergySettlement.Chains;

/// <summary>Character-level syntax of the CAIP-2, CAIP-10 and CAIP-19 identifiers (chain-agnostic ids).</summary>
internal static class Caip
{
    // CAIP-2 namespace: [-a-z0-9]{3,8}
    public static bool IsNamespace(ReadOnlySpan<char> s) =>
        s.Length is >= 3 and <= 8 && All(s, static c => c == '-' || char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    // CAIP-2 reference: [-_a-zA-Z0-9]{1,32}
    public static bool IsChainReference(ReadOnlySpan<char> s) =>
        s.Length is >= 1 and <= 32 && All(s, static c => c == '-' || c == '_' || char.IsAsciiLetterOrDigit(c));

    // CAIP-10 account_address and CAIP-19 asset_reference: [-.%a-zA-Z0-9]{1,128}
    public static bool IsAddress(ReadOnlySpan<char> s) =>
        s.Length is >= 1 and <= 128 && All(s, static c => c == '-' || c == '.' || c == '%' || char.IsAsciiLetterOrDigit(c));

    private static bool All(ReadOnlySpan<char> s, Func<char, bool> predicate)
    {
        foreach (var c in s)
        {
            if (!predicate(c))
            {
                return false;
            }
        }

        return true;
    }
}
