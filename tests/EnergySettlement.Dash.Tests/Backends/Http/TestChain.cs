using System.Security.Cryptography;
using EnergySettlement.Chains;

namespace EnergySettlement.Dash.Tests.Backends.Http;

/// <summary>Shared test data: the chain id, a signed legacy transaction, and an independent txid computation.</summary>
internal static class TestChain
{
    /// <summary>One client for all backend tests (HttpClient is meant to be shared).</summary>
    public static readonly HttpClient Http = new();

    public static readonly ChainId DashMainnet = ChainId.Parse("bip122:00000ffd590b1485b3caadc19b22e637");

    /// <summary>The signed transaction the Insight API README shows for <c>POST /tx/send</c> (legacy serialisation).</summary>
    public const string RawTransactionHex =
        "01000000017b1eabe0209b1fe794124575ef807057c77ada2138ae4fa8d6c4de0398a14f3f00000000494830450221008949f0cb400094ad2b5eb399d59d01c14d73d8fe6e96df1a7150deb388ab8935022079656090d7f6bac4c9a94e0aad311a4268e082a725f8aeae0573fb12ff866a5f01ffffffff01f0ca052a010000001976a914cbc20a7664f2f69e5355aa427045bc15e7c6c77288ac00000000";

    public static readonly byte[] RawTransaction = Convert.FromHexString(RawTransactionHex);

    /// <summary>The txid of <see cref="RawTransaction"/>, computed here with .NET's SHA-256 (not the SDK's code).</summary>
    public static readonly string RawTransactionId = TxidOf(RawTransaction);

    public const string Address = "XxV9h4Xmv6Pup8tVAQmH97K6grzvDwMG9F";

    public const string AddressScriptHex = "76a914cbc20a7664f2f69e5355aa427045bc15e7c6c77288ac";

    public const string TxidA = "05d70bc1c4cf1c3afefc3250480d733b5666b19cb1f629901ded82cb2d6263d1";

    public const string TxidB = "b7ef92d1dce458276f1189e06bf532eff78f9c504101d3d4c0dfdcd9ebbf3879";

    public const string TxidC = "3e81723d069b12983b2ef694c9782d32fca26cc978de744acbc32c3d3496e915";

    /// <summary>The txid the Insight README's <c>POST /tx/send</c> example answers for <see cref="RawTransactionHex"/>.</summary>
    public const string DocumentedRawTransactionId = "c7736a0a0046d5a8cc61c8c3c2821d4d7517f5de2bc66a966011aaa79965ffba";

    public const string BlockHash = "0000001ab9a138339fe4505a299525ace8cda3b9bcb258a2e5d93ed7a320bf21";

    public static string TxidOf(byte[] raw)
    {
        var hash = SHA256.HashData(SHA256.HashData(raw));
        Array.Reverse(hash);
        return Convert.ToHexStringLower(hash);
    }
}
