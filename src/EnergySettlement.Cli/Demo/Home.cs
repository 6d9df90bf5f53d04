using System.Security.Cryptography;

namespace EnergySettlement.Cli.Demo;

/// <summary>One home of the demo: who it is, where on the grid, what it has, its meter and meter key, and its energy per period.</summary>
internal sealed class Home : IDisposable
{
    public Home(string name, HomeKind kind, ZoneId zone, int solarWattsPeak, int batteryWattHours, HomeProfile profile)
    {
        Kind = kind;
        Zone = zone;
        SolarWattsPeak = solarWattsPeak;
        BatteryWattHours = batteryWattHours;
        Profile = profile;
        Participant = new ParticipantId(name);
        Meter = new MeterId("meter-" + name);
        MeterKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = MeterKey.ExportParameters(includePrivateParameters: false).Q;
        PublicKey = [0x04, .. q.X!, .. q.Y!];
    }

    public HomeKind Kind { get; }

    public ZoneId Zone { get; }

    /// <summary>Gets the solar array's peak power in watts (0 for none).</summary>
    public int SolarWattsPeak { get; }

    /// <summary>Gets the battery's usable capacity in Wh (0 for none).</summary>
    public int BatteryWattHours { get; }

    /// <summary>Gets the home's forecast and metered energy per period.</summary>
    public HomeProfile Profile { get; }

    public ParticipantId Participant { get; }

    public MeterId Meter { get; }

    /// <summary>Gets the meter's signing key (in a real deployment it never leaves the meter).</summary>
    public ECDsa MeterKey { get; }

    /// <summary>Gets the meter's public key, SEC1 uncompressed.</summary>
    public byte[] PublicKey { get; }

    /// <summary>Gets or sets the meter's import register (Wh since installation).</summary>
    public long ImportRegister { get; set; } = 1_000_000;

    /// <summary>Gets or sets the meter's export register (Wh since installation).</summary>
    public long ExportRegister { get; set; } = 500_000;

    public void Dispose() => MeterKey.Dispose();
}
