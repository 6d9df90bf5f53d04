using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Tests.Ledger;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Tests.Options;

public sealed class DashOptionsValidatorTests
{
    private static DashOptions Valid()
    {
        var options = new DashOptions();
        options.Signers.Add(TestKeys.Signer(1));
        return options;
    }

    [Fact]
    public void Errors_DefaultsWithASigner_AreNone() => Assert.Empty(DashOptionsValidator.Errors(Valid()));

    [Theory]
    [InlineData(nameof(DashOptions.Confirmations))]
    [InlineData(nameof(DashOptions.FeeRatePerKilobyte))]
    [InlineData(nameof(DashOptions.MaxFeeRatePerKilobyte))]
    [InlineData(nameof(DashOptions.AccelerationFeeRatePerKilobyte))]
    [InlineData(nameof(DashOptions.FeeEstimateTargetBlocks))]
    [InlineData(nameof(DashOptions.MaxInputsPerTransaction))]
    [InlineData(nameof(DashOptions.MaxPayoutsPerTransaction))]
    [InlineData(nameof(DashOptions.MinimumCoinConfirmations))]
    [InlineData(nameof(DashOptions.Network))]
    public void Errors_OneBadOption_NamesIt(string option)
    {
        var options = Valid();
        switch (option)
        {
            case nameof(DashOptions.Confirmations): options.Confirmations = 0; break;
            case nameof(DashOptions.FeeRatePerKilobyte): options.FeeRatePerKilobyte = 999; break;
            case nameof(DashOptions.MaxFeeRatePerKilobyte): options.MaxFeeRatePerKilobyte = 999; break;
            case nameof(DashOptions.AccelerationFeeRatePerKilobyte): options.AccelerationFeeRatePerKilobyte = 20_000; break;
            case nameof(DashOptions.FeeEstimateTargetBlocks): options.FeeEstimateTargetBlocks = 0; break;
            case nameof(DashOptions.MaxInputsPerTransaction): options.MaxInputsPerTransaction = 500; break;
            case nameof(DashOptions.MaxPayoutsPerTransaction): options.MaxPayoutsPerTransaction = 0; break;
            case nameof(DashOptions.MinimumCoinConfirmations): options.MinimumCoinConfirmations = -1; break;
            case nameof(DashOptions.Network): options.Network = (DashNetwork)7; break;
        }

        var errors = DashOptionsValidator.Errors(options);

        Assert.Single(errors);
        Assert.StartsWith(option, errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_MorePayoutsThanFitTheStandardSize_NamesWhatFits()
    {
        var options = Valid();
        options.MaxPayoutsPerTransaction = 2_499;

        Assert.Contains("must be 1 to 2498", Assert.Single(DashOptionsValidator.Errors(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_TwoSignersForOneAddress_IsAnError()
    {
        var options = Valid();
        options.Signers.Add(TestKeys.Signer(1));

        Assert.Contains("as an earlier signer does", Assert.Single(DashOptionsValidator.Errors(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_SignerWithInvalidKeyOrAlgorithm_AreErrors()
    {
        var options = new DashOptions();
        options.Signers.Add(new FakeSigner(SignatureAlgorithm.P256, new byte[33]));

        var errors = DashOptionsValidator.Errors(options);

        Assert.Contains(errors, e => e.Contains("secp256k1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("SEC 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsOptionsValidationException()
    {
        var options = new DashOptions { Confirmations = 0 };

        var error = Assert.Throws<OptionsValidationException>(() => new DashSettlementProvider(options, new InMemoryUtxoLedger(DashNetworks.Mainnet), new InMemoryCoinReservationStore()));

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public void Validate_NamesTheProvider()
    {
        var result = new DashOptionsValidator().Validate("home", new DashOptions());

        Assert.True(result.Failed);
        Assert.StartsWith("Dash provider 'home': Signers", result.Failures!.Single(), StringComparison.Ordinal);
    }

    private sealed class FakeSigner(SignatureAlgorithm algorithm, byte[] publicKey) : ISigner
    {
        public SignatureAlgorithm Algorithm => algorithm;

        public ReadOnlyMemory<byte> PublicKey => publicKey;

        public ValueTask<DigestSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
