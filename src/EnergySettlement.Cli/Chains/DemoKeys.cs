using System.Globalization;
using System.Text;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Crypto;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// The demo accounts' private keys for a real chain, never from the command line: from an environment variable per
/// account, <c>ENERGY_SETTLE_KEY_&lt;NAME&gt;</c> (the account name upper-cased, other characters than letters and digits
/// as <c>_</c>: <c>ENERGY_SETTLE_KEY_HOME01</c>), or from a key file of <c>name=hex</c> lines (32-byte secp256k1 keys,
/// with or without <c>0x</c>; <c>#</c> starts a comment). An environment variable wins over the file. Keys are never printed.
/// </summary>
internal static class DemoKeys
{
    /// <summary>The prefix of the per-account environment variables.</summary>
    public const string VariablePrefix = "ENERGY_SETTLE_KEY_";

    /// <summary>Gets the environment variable of an account name.</summary>
    /// <param name="name">The account name.</param>
    /// <returns>The variable's name.</returns>
    public static string VariableOf(string name) => VariableOf(VariablePrefix, name);

    /// <summary>Gets the environment variable of an account name under a prefix.</summary>
    /// <param name="prefix">The variables' prefix (<see cref="VariablePrefix"/>, or a chain's own).</param>
    /// <param name="name">The account name.</param>
    /// <returns>The variable's name.</returns>
    public static string VariableOf(string prefix, string name)
    {
        var builder = new StringBuilder(prefix);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return builder.ToString();
    }

    /// <summary>Loads one key per account name.</summary>
    /// <param name="names">The account names.</param>
    /// <param name="keyFile">The key file, or <see langword="null"/>.</param>
    /// <param name="environment">Reads an environment variable (<see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <returns>The keys by name; the caller owns and disposes them.</returns>
    /// <exception cref="CliException">The file is unreadable, a line is malformed, or a name has no key (exit code 3); the
    /// message names the file and line or the variable to set, never a key.</exception>
    public static IReadOnlyDictionary<string, Secp256k1PrivateKey> Load(IReadOnlyList<string> names, string? keyFile, Func<string, string?> environment) =>
        Load(names, keyFile, environment, VariablePrefix, "name=hex", Parse);

    /// <summary>Loads one key per account name, in a chain's own format.</summary>
    /// <typeparam name="TKey">The parsed key.</typeparam>
    /// <param name="names">The account names.</param>
    /// <param name="keyFile">The key file, or <see langword="null"/>.</param>
    /// <param name="environment">Reads an environment variable (<see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="prefix">The environment variables' prefix (<see cref="VariableOf(string, string)"/>).</param>
    /// <param name="lineFormat">How a key file line looks, for messages (<c>name=hex</c>, <c>name=WIF</c>).</param>
    /// <param name="parse">Parses a key's text, given where it came from (for messages that never show the key); throws
    /// <see cref="CliException"/> when the text is not a key.</param>
    /// <returns>The keys by name; the caller owns and disposes them.</returns>
    /// <exception cref="CliException">The file is unreadable, a line is malformed, a key does not parse, or a name has no
    /// key (exit code 3); the message names the file and line or the variable to set, never a key.</exception>
    public static IReadOnlyDictionary<string, TKey> Load<TKey>(
        IReadOnlyList<string> names, string? keyFile, Func<string, string?> environment, string prefix, string lineFormat, Func<string, string, TKey> parse)
        where TKey : IDisposable
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(parse);
        var fromFile = keyFile is null ? new Dictionary<string, string>(StringComparer.Ordinal) : ReadFile(keyFile, lineFormat);
        var keys = new Dictionary<string, TKey>(StringComparer.Ordinal);
        var missing = new List<string>();
        try
        {
            foreach (var name in names)
            {
                var variable = VariableOf(prefix, name);
                var (text, source) = environment(variable) is { Length: > 0 } fromVariable
                    ? (fromVariable, "environment variable " + variable)
                    : fromFile.TryGetValue(name, out var line) ? (line, $"{keyFile}, key '{name}'") : (null, string.Empty);
                if (text is null)
                {
                    missing.Add(name);
                    continue;
                }

                keys.Add(name, parse(text, source));
            }

            if (missing.Count > 0)
            {
                throw new CliException(
                    ExitCodes.InputError,
                    $"No private key for {string.Join(", ", missing)}: set {string.Join(", ", missing.Select(n => VariableOf(prefix, n)))}" +
                    (keyFile is null ? $", or pass --key-file FILE with {lineFormat} lines." : $", or add {lineFormat} lines to {keyFile}."));
            }
        }
        catch
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }

            throw;
        }

        return keys;
    }

    private static Dictionary<string, string> ReadFile(string path, string lineFormat)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InputError, $"The key file {path} cannot be read: {ex.Message}", ex);
        }

        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? line[..equals].Trim() : string.Empty;
            if (name.Length == 0 || !entries.TryAdd(name, line[(equals + 1)..].Trim()))
            {
                throw new CliException(ExitCodes.InputError, string.Format(CultureInfo.InvariantCulture, "{0}, line {1}: expected {2} with a name not used before.", path, i + 1, lineFormat));
            }
        }

        return entries;
    }

    private static Secp256k1PrivateKey Parse(string text, string source)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        Span<byte> bytes = stackalloc byte[32];
        try
        {
            if (hex.Length == 64 && Hex.TryDecode(hex, bytes, out var written) && written == 32)
            {
                return Secp256k1PrivateKey.FromBytes(bytes);
            }
        }
        catch (ArgumentException)
        {
            // Zero or not below the curve order: reported below.
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }

        throw new CliException(ExitCodes.InputError, $"The key in {source} is not a 32-byte secp256k1 private key in hex (64 hex digits, optionally after 0x).");
    }
}
