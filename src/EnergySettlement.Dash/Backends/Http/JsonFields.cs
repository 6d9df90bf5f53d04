using System.Globalization;
using System.Text.Json;
using EnergySettlement.Crypto;

namespace EnergySettlement.Dash.Backends.Http;

/// <summary>
/// Reads the fields of a JSON answer and throws <see cref="MalformedResponseException"/>, naming the field, when one is
/// missing or has the wrong type, so that every backend reports a bad answer the same way.
/// </summary>
internal static class JsonFields
{
    /// <summary>The number of smallest units (duffs, satoshis) in one coin.</summary>
    public const decimal SmallestUnitsPerCoin = 100_000_000m;

    public static JsonDocument Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new MalformedResponseException($"the answer is not valid JSON ({body.Length.ToString(CultureInfo.InvariantCulture)} bytes)", ex);
        }
    }

    public static JsonElement Object(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new MalformedResponseException($"expected {what} to be a JSON object, found {element.ValueKind}");

    public static JsonElement Array(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Array ? element : throw new MalformedResponseException($"expected {what} to be a JSON array, found {element.ValueKind}");

    public static JsonElement Required(JsonElement obj, string name) =>
        TryGet(obj, name, out var value) ? value : throw new MalformedResponseException($"the field '{name}' is missing");

    /// <summary>Gets the field, or <see langword="false"/> when it is absent or <c>null</c>.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public static string String(JsonElement obj, string name)
    {
        var value = Required(obj, name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongType(name, "a string", value);
    }

    public static string? OptionalString(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongType(name, "a string", value);
    }

    public static long Int64(JsonElement obj, string name)
    {
        var value = Required(obj, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : throw WrongType(name, "an integer", value);
    }

    public static long? OptionalInt64(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : throw WrongType(name, "an integer", value);
    }

    public static bool OptionalBoolean(JsonElement obj, string name, bool whenAbsent)
    {
        if (!TryGet(obj, name, out var value))
        {
            return whenAbsent;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "a boolean", value),
        };
    }

    public static decimal Decimal(JsonElement obj, string name)
    {
        var value = Required(obj, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) ? d : throw WrongType(name, "a number", value);
    }

    /// <summary>Reads a 64-digit hex transaction or block id, returned in lower case.</summary>
    public static string Hash(JsonElement obj, string name)
    {
        var text = String(obj, name);
        return BackendArguments.IsHash(text) ? text.ToLowerInvariant() : throw new MalformedResponseException($"the field '{name}' is not a 64-digit hex hash");
    }

    /// <summary>Reads an optional 64-digit hex hash (absent, <c>null</c> or empty gives <see langword="null"/>).</summary>
    public static string? OptionalHash(JsonElement obj, string name)
    {
        var text = OptionalString(obj, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return BackendArguments.IsHash(text) ? text.ToLowerInvariant() : throw new MalformedResponseException($"the field '{name}' is not a 64-digit hex hash");
    }

    public static byte[] HexBytes(JsonElement obj, string name)
    {
        var text = String(obj, name);
        try
        {
            return Hex.Decode(text);
        }
        catch (FormatException ex)
        {
            throw new MalformedResponseException($"the field '{name}' is not hex", ex);
        }
    }

    public static uint OutputIndex(JsonElement obj, string name)
    {
        var n = Int64(obj, name);
        return n is >= 0 and <= uint.MaxValue ? (uint)n : throw new MalformedResponseException($"the field '{name}' is not an output index: {n.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Reads an amount in the smallest unit, which must not be negative.</summary>
    public static long Amount(JsonElement obj, string name)
    {
        var n = Int64(obj, name);
        return n >= 0 ? n : throw new MalformedResponseException($"the field '{name}' is a negative amount");
    }

    /// <summary>
    /// Converts a fee rate in coins per 1,000 bytes (as Dash Core and Insight write it, for example <c>0.00001</c>) to
    /// smallest units per 1,000 bytes, rounding up (<see cref="RoundingMode.Ceiling"/>): a rate rounded up never pays
    /// below the estimate. Zero or negative rates (Insight's <c>-1</c>) mean "no estimate".
    /// </summary>
    public static long? FeeRate(decimal coinsPerKilobyte)
    {
        if (coinsPerKilobyte <= 0)
        {
            return null;
        }

        if (coinsPerKilobyte > long.MaxValue / SmallestUnitsPerCoin)
        {
            throw new MalformedResponseException("the fee rate is out of range");
        }

        return (long)decimal.Ceiling(coinsPerKilobyte * SmallestUnitsPerCoin);
    }

    private static MalformedResponseException WrongType(string name, string expected, JsonElement found) =>
        new($"expected the field '{name}' to be {expected}, found {found.ValueKind}");
}
