using System.Security.Cryptography;
using EnergySettlement.Chains;

namespace EnergySettlement.Cli.Demo;

/// <summary>One home of the demo: who it is, its meter and meter key, its settlement account.</summary>
internal sealed class Home : IDisposable
{
    public Home(int number, HomeKind kind, SettlementAccount account)
    {
        Kind = kind;
        Participant = new ParticipantId($"home-{number:00}");
        Meter = new MeterId($"meter-{number:00}");
        Account = account;
        MeterKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = MeterKey.ExportParameters(includePrivateParameters: false).Q;
        PublicKey = [0x04, .. q.X!, .. q.Y!];
    }

    public HomeKind Kind { get; }

    public ParticipantId Participant { get; }

    public MeterId Meter { get; }

    public SettlementAccount Account { get; }

    /// <summary>The meter's signing key (in a real deployment it never leaves the meter).</summary>
    public ECDsa MeterKey { get; }

    /// <summary>The meter's public key, SEC1 uncompressed.</summary>
    public byte[] PublicKey { get; }

    public long ImportRegister { get; set; } = 1_000_000;

    public long ExportRegister { get; set; } = 500_000;

    public void Dispose() => MeterKey.Dispose();
}
