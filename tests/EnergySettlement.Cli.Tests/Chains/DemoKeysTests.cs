using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Cli.Tests.Chains;

public sealed class DemoKeysTests
{
    private const string KeyA = "4646464646464646464646464646464646464646464646464646464646464646";
    private const string KeyB = "0x0101010101010101010101010101010101010101010101010101010101010101";

    [Fact]
    public void Load_FileAndEnvironment_EnvironmentWinsAndEveryNameGetsItsKey()
    {
        var file = KeyFile("# demo keys", "home01 = " + KeyA, "", "grid=" + KeyA);
        var environment = new Dictionary<string, string> { ["ENERGY_SETTLE_KEY_GRID"] = KeyB };

        var keys = DemoKeys.Load(["home01", "grid"], file, v => environment.GetValueOrDefault(v));

        Assert.Equal("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F", EthereumAddress.FromPublicKey(keys["home01"].PublicKey).ToString());
        using var b = Secp256k1PrivateKey.FromBytes(Hex.Decode(KeyB));
        Assert.Equal(EthereumAddress.FromPublicKey(b.PublicKey), EthereumAddress.FromPublicKey(keys["grid"].PublicKey));
    }

    [Fact]
    public void Load_NameWithoutKey_ListsTheVariablesToSet()
    {
        var ex = Assert.Throws<CliException>(() => DemoKeys.Load(["home-01", "grid"], null, _ => null));

        Assert.Equal(ExitCodes.InputError, ex.ExitCode);
        Assert.Contains("ENERGY_SETTLE_KEY_HOME_01", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ENERGY_SETTLE_KEY_GRID", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--key-file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedLine_NamesFileAndLine()
    {
        var file = KeyFile("home01=" + KeyA, "just-a-key-" + KeyA);

        var ex = Assert.Throws<CliException>(() => DemoKeys.Load(["home01"], file, _ => null));

        Assert.Equal(ExitCodes.InputError, ex.ExitCode);
        Assert.Contains(file + ", line 2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_BadKey_SaysWhereWithoutPrintingIt()
    {
        var bad = "zz" + KeyA[2..];

        var ex = Assert.Throws<CliException>(() => DemoKeys.Load(["home01"], null, v => v == "ENERGY_SETTLE_KEY_HOME01" ? bad : null));

        Assert.Contains("environment variable ENERGY_SETTLE_KEY_HOME01", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bad, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static string KeyFile(params string[] lines)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("es-keys-").FullName, "keys.txt");
        File.WriteAllLines(path, lines);
        return path;
    }
}
