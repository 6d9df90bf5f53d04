using System.Net;
using System.Text;

namespace EnergySettlement.Dash.Backends.Http;

/// <summary>One HTTP response, read whole: status, body and the server's <c>Retry-After</c>, if any.</summary>
internal sealed class HttpAnswer
{
    private const int ExcerptLength = 300;

    public HttpAnswer(HttpStatusCode status, string? reasonPhrase, byte[] body, TimeSpan? retryAfter)
    {
        Status = status;
        ReasonPhrase = reasonPhrase;
        Body = body;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode Status { get; }

    public int StatusCode => (int)Status;

    public string? ReasonPhrase { get; }

    public byte[] Body { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IsSuccess => StatusCode is >= 200 and <= 299;

    /// <summary>Gets the body as text (UTF-8).</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>Gets the start of the body, for error messages (control characters replaced).</summary>
    public string Excerpt
    {
        get
        {
            var text = Text.Trim();
            if (text.Length > ExcerptLength)
            {
                text = string.Concat(text.AsSpan(0, ExcerptLength), "…");
            }

            return string.Create(text.Length, text, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = char.IsControl(source[i]) ? ' ' : source[i];
                }
            });
        }
    }

    /// <summary>Gets <c>HTTP 503 Service Unavailable</c>.</summary>
    public string StatusText => string.IsNullOrEmpty(ReasonPhrase) ? $"HTTP {StatusCode}" : $"HTTP {StatusCode} {ReasonPhrase}";
}
