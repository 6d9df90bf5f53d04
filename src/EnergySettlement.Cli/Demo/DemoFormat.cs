using System.Globalization;

namespace EnergySettlement.Cli.Demo;

/// <summary>Exact decimal text for money and prices (no floating point on the way), and energy in kWh for people.</summary>
internal static class DemoFormat
{
    /// <summary>The amount as an exact decimal in whole units, e.g. <c>-1.234567</c>.</summary>
    public static string Amount(Money money)
    {
        var decimals = money.Asset.Decimals;
        var scale = Int128.One;
        for (var i = 0; i < decimals; i++)
        {
            scale *= 10;
        }

        var magnitude = Int128.Abs(money.Amount);
        var whole = (magnitude / scale).ToString(CultureInfo.InvariantCulture);
        var fraction = (magnitude % scale).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        return (money.Amount < 0 ? "-" : string.Empty) + whole + (decimals > 0 ? "." + fraction : string.Empty);
    }

    /// <summary>A price per kWh as an exact decimal in whole units.</summary>
    public static string PerKwh(Price price) => Amount(price.PerKilowattHour);

    /// <summary>Energy in kWh with one decimal, for tables.</summary>
    public static string Kwh(long wattHours) => (wattHours / 1000.0).ToString("N1", CultureInfo.InvariantCulture);
}
