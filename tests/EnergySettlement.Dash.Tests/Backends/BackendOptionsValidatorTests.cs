using EnergySettlement.Dash.Backends.BlockCypher;
using EnergySettlement.Dash.Backends.DashCore;
using EnergySettlement.Dash.Backends.Insight;
using EnergySettlement.Dash.Backends.Redundancy;
using EnergySettlement.Dash.Tests.Backends.Http;

namespace EnergySettlement.Dash.Tests.Backends;

public sealed class BackendOptionsValidatorTests
{
    [Fact]
    public void DashCore_UserAndPassword_IsValid()
    {
        Assert.Empty(DashCoreRpcBackendOptionsValidator.Errors(new DashCoreRpcBackendOptions { ChainId = TestChain.DashMainnet, Url = new Uri("http://127.0.0.1:9998/"), UserName = "u", Password = "p" }));
    }

    [Fact]
    public void DashCore_CookieFile_IsValid()
    {
        Assert.Empty(DashCoreRpcBackendOptionsValidator.Errors(new DashCoreRpcBackendOptions { ChainId = TestChain.DashMainnet, Url = new Uri("http://127.0.0.1:19998/"), CookieFile = "/var/lib/dash/testnet3/.cookie" }));
    }

    [Fact]
    public void DashCore_EverythingWrong_ReportsEveryProblemAtOnce()
    {
        var errors = DashCoreRpcBackendOptionsValidator.Errors(new DashCoreRpcBackendOptions
        {
            Url = new Uri("ftp://node/"),
            UserName = "u",
            CookieFile = ".cookie",
            RequestTimeout = TimeSpan.Zero,
            MaxRetryAttempts = 11,
            RetryBaseDelay = TimeSpan.FromHours(1),
            MaxRetryAfter = TimeSpan.FromHours(1),
            CircuitBreakerFailureRatio = 0,
            CircuitBreakerMinimumThroughput = 1,
            CircuitBreakerSamplingDuration = TimeSpan.Zero,
            CircuitBreakerBreakDuration = TimeSpan.Zero,
        });

        Assert.Equal(
            ["Url", "not both", "ChainId", "RequestTimeout", "MaxRetryAttempts", "RetryBaseDelay", "MaxRetryAfter", "CircuitBreakerFailureRatio", "CircuitBreakerMinimumThroughput", "CircuitBreakerSamplingDuration", "CircuitBreakerBreakDuration"],
            errors.Select(e => new[] { "Url", "not both", "ChainId", "RequestTimeout", "MaxRetryAttempts", "RetryBaseDelay", "MaxRetryAfter", "CircuitBreakerFailureRatio", "CircuitBreakerMinimumThroughput", "CircuitBreakerSamplingDuration", "CircuitBreakerBreakDuration" }.First(k => e.Contains(k, StringComparison.Ordinal))));
    }

    [Fact]
    public void DashCore_CredentialsInTheUrl_AreRefused()
    {
        var errors = DashCoreRpcBackendOptionsValidator.Errors(new DashCoreRpcBackendOptions { ChainId = TestChain.DashMainnet, Url = new Uri("http://u:p@127.0.0.1:9998/"), UserName = "u", Password = "p" });

        Assert.Contains("must not carry credentials", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void DashCore_MissingPasswordAndColonInUser_AreNamed()
    {
        Assert.Contains("both be set", Assert.Single(DashCoreRpcBackendOptionsValidator.Errors(new DashCoreRpcBackendOptions { ChainId = TestChain.DashMainnet, Url = new Uri("http://127.0.0.1:9998/"), UserName = "u" })), StringComparison.Ordinal);
        Assert.Contains("':'", Assert.Single(DashCoreRpcBackendOptionsValidator.Errors(new DashCoreRpcBackendOptions { ChainId = TestChain.DashMainnet, Url = new Uri("http://127.0.0.1:9998/"), UserName = "u:x", Password = "p" })), StringComparison.Ordinal);
    }

    [Fact]
    public void DashCore_ConfigureResilience_SkipsTheDefaultPipelinesChecks()
    {
        Assert.Empty(DashCoreRpcBackendOptionsValidator.Errors(new DashCoreRpcBackendOptions
        {
            ChainId = TestChain.DashMainnet,
            Url = new Uri("http://127.0.0.1:9998/"),
            UserName = "u",
            Password = "p",
            MaxRetryAttempts = 99,
            ConfigureResilience = _ => { },
        }));
    }

    [Fact]
    public void Validate_Invalid_PrefixesEveryFailureWithTheBackendAndName()
    {
        var result = new InsightBackendOptionsValidator().Validate("primary", new InsightBackendOptions());

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        Assert.All(result.Failures!, f => Assert.StartsWith("Insight backend 'primary': ", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Insight_BaseUrlWithQuery_IsRefused()
    {
        var errors = InsightBackendOptionsValidator.Errors(new InsightBackendOptions { ChainId = TestChain.DashMainnet, BaseUrl = new Uri("https://insight.dash.org/insight-api/?x=1") });

        Assert.Contains("BaseUrl", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void BlockCypher_DefaultsWithChain_AreValid()
    {
        Assert.Empty(BlockCypherBackendOptionsValidator.Errors(new BlockCypherBackendOptions { ChainId = TestChain.DashMainnet }));
    }

    [Fact]
    public void BlockCypher_BadTokenAndPages_ReportBothWithoutEchoingTheToken()
    {
        var errors = BlockCypherBackendOptionsValidator.Errors(new BlockCypherBackendOptions { ChainId = TestChain.DashMainnet, Token = "abc&def=secret", MaxAddressPages = 0, BaseUrl = null });

        Assert.Equal(3, errors.Count);
        Assert.DoesNotContain(errors, e => e.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Redundant_NegativeUnhealthyDuration_IsRefused()
    {
        Assert.Single(RedundantUtxoBackendOptionsValidator.Errors(new RedundantUtxoBackendOptions { UnhealthyDuration = TimeSpan.FromSeconds(-1) }));
        Assert.True(new RedundantUtxoBackendOptionsValidator().Validate(null, new RedundantUtxoBackendOptions()).Succeeded);
    }
}
