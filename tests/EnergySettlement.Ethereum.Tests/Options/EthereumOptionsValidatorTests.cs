using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Tests.Anvil;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Ethereum.Tests.Options;

public sealed class EthereumOptionsValidatorTests
{
    [Fact]
    public void Validate_EmptyOptions_ReportsEveryMissingSettingAtOnce()
    {
        var result = new EthereumOptionsValidator().Validate("main", new EthereumOptions());
        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.Contains("RpcUrl", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ChainId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ContractAddress", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Signer", StringComparison.Ordinal));
        Assert.All(failures, f => Assert.StartsWith("Ethereum provider 'main':", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadValues_ReportsEachOne()
    {
        using var signer = TestChain.Signer(1);
        var options = new EthereumOptions
        {
            RpcUrl = new Uri("ftp://node.example/"),
            ChainId = 1,
            ContractAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", // bad checksum
            Signer = signer,
            Confirmations = 0,
            MaxPayoutsPerTransaction = 0,
            MaxFeePerGasCap = 10,
            MinPriorityFeePerGas = 11,
            PriorityFeePercentile = 101,
        };
        options.Tokens.Add(new EthereumTokenOptions { Address = "0x1234", Symbol = "", Decimals = 40 });

        var errors = EthereumOptionsValidator.Errors(options);

        foreach (var name in new[] { "RpcUrl", "ContractAddress", "Confirmations", "MaxPayoutsPerTransaction", "MinPriorityFeePerGas", "PriorityFeePercentile", "Tokens[0].Address", "Tokens[0].Symbol", "Tokens[0].Decimals" })
        {
            Assert.Contains(errors, e => e.StartsWith(name, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(errors, e => e.StartsWith("ChainId", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("Signer", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ContractSettingsOutOfRange_ReportsEachOne()
    {
        using var signer = TestChain.Signer(1);
        var options = new EthereumOptions
        {
            RpcUrl = new Uri("https://node.example/"),
            ChainId = 1,
            ContractAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            Signer = signer,
            ContractVersion = BatchSettlementVersion.V1,
            PublishReferences = true,
            BatchNumbering = (BatchNumbering)7,
            BlockGasLimit = 999_999,
        };

        var errors = EthereumOptionsValidator.Errors(options);

        foreach (var name in new[] { "PublishReferences", "BatchNumbering", "BlockGasLimit" })
        {
            Assert.Contains(errors, e => e.StartsWith(name, StringComparison.Ordinal));
        }

        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Validate_CompleteOptions_Succeeds()
    {
        using var signer = TestChain.Signer(1);
        var options = new EthereumOptions
        {
            RpcUrl = new Uri("https://node.example/"),
            ChainId = 11155111,
            ContractAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            Signer = signer,
        };
        Assert.True(new EthereumOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsOptionsValidationException()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => TestChain.Provider(new EthereumOptions { ChainId = 5 }));
        Assert.True(ex.Failures.Count() >= 3);
    }

    [Fact]
    public void Validate_SignersWithoutSigner_Succeeds()
    {
        using var first = TestChain.Signer(1);
        using var second = TestChain.Signer(2);
        var options = Complete();
        options.Signers.Add(first);
        options.Signers.Add(second);

        Assert.Empty(EthereumOptionsValidator.Errors(options));
    }

    [Fact]
    public void Validate_SameAccountTwiceOrNullSigner_ReportsEachOne()
    {
        using var first = TestChain.Signer(1);
        using var second = TestChain.Signer(2);
        using var sameAsFirst = TestChain.Signer(1);
        var options = Complete();
        options.Signer = first;
        options.Signers.Add(second);
        options.Signers.Add(null!);
        options.Signers.Add(sameAsFirst);

        var errors = EthereumOptionsValidator.Errors(options);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Signers[1] is null", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Signers[2] signs for " + first.Address, StringComparison.Ordinal) && e.Contains("as Signer does", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NeitherSignerNorSigners_NamesBoth()
    {
        var errors = EthereumOptionsValidator.Errors(Complete());

        Assert.Equal("Signer or Signers must be set (an ISigner for each paying account's secp256k1 key).", Assert.Single(errors));
    }

    private static EthereumOptions Complete() => new()
    {
        RpcUrl = new Uri("https://node.example/"),
        ChainId = 11155111,
        ContractAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    };
}
