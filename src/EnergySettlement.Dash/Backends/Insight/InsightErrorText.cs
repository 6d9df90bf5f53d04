using System.Globalization;
using System.Text.RegularExpressions;

namespace EnergySettlement.Dash.Backends.Insight;

/// <summary>
/// Insight's error bodies: plain text, <c>&lt;message&gt;. Code:&lt;code&gt;</c> with HTTP 400 when the error has a code
/// (a node error relayed from Dash Core, such as <c>transaction already in block chain. Code:-27</c>, or Insight's own
/// code 1 for a bad parameter), the message alone with HTTP 503 when it has none, <c>Not found</c> with HTTP 404
/// (<c>lib/common.js</c>, <c>handleErrors</c>).
/// </summary>
internal static partial class InsightErrorText
{
    /// <summary>Splits an error body into message and code; the code is <see langword="null"/> when the body has none.</summary>
    public static (string Message, long? Code) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Pattern().Match(text.Trim());
        return match.Success && long.TryParse(match.Groups["code"].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
            ? (match.Groups["message"].Value, code)
            : (text.Trim(), null);
    }

    [GeneratedRegex(@"^(?<message>.*)\. Code:(?<code>-?\d{1,10})$", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pattern();
}
