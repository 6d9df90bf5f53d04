using EnergySettlement.Dash.Backends.Insight;

namespace EnergySettlement.Dash.Tests.Backends.Http;

public sealed class InsightErrorTextTests
{
    [Theory]
    [InlineData("transaction already in block chain. Code:-27", "transaction already in block chain", -27L)]
    [InlineData("66: min relay fee not met. Code:-26", "66: min relay fee not met", -26L)]
    [InlineData("Invalid address: Checksum mismatch. Code:1", "Invalid address: Checksum mismatch", 1L)]
    [InlineData("Not found", "Not found", null)]
    [InlineData("Server not yet ready. Sync Percentage:42", "Server not yet ready. Sync Percentage:42", null)]
    public void Parse_HandleErrorsBodies_SplitsMessageAndCode(string body, string message, long? code)
    {
        Assert.Equal((message, code), InsightErrorText.Parse(body));
    }
}
