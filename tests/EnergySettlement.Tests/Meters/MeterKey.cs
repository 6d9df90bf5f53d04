using System.Security.Cryptography;
using EnergySettlement.Meters;

namespace EnergySettlement.Tests.Meters;

/// <summary>A meter's P-256 key pair, as a meter or gateway would hold it: signs the canonical encoding with SHA-256, IEEE P1363 form.</summary>
internal sealed class MeterKey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public MeterKey()
    {
        var q = _key.ExportParameters(includePrivateParameters: false).Q;
        PublicKey = [0x04, .. q.X!, .. q.Y!];
    }

    /// <summary>Gets the SEC1 uncompressed public key, 65 bytes.</summary>
    public byte[] PublicKey { get; }

    public MeterReading Sign(MeterReading reading) => reading with { Signature = SignMessage(MeterReadingEncoding.Encode(reading)) };

    public byte[] SignMessage(byte[] message) =>
        _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public byte[] SignDer(MeterReading reading) =>
        _key.SignData(MeterReadingEncoding.Encode(reading), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}
