using System.Globalization;
using System.Text;

namespace EnergySettlement.Dash.Tests.Backends.Http;

/// <summary>What the <see cref="LoopbackHttpServer"/> answers.</summary>
internal sealed class LoopbackResponse
{
    private LoopbackResponse(Behaviour kind, int status, string body, string contentType, IReadOnlyDictionary<string, string>? headers)
    {
        Kind = kind;
        Status = status;
        Body = body;
        ContentType = contentType;
        Headers = headers ?? new Dictionary<string, string>();
    }

    public enum Behaviour
    {
        Answer,
        Hang,
        Drop,
    }

    /// <summary>Holds the request unanswered until the server stops (or the client gives up).</summary>
    public static LoopbackResponse Hang { get; } = new(Behaviour.Hang, 0, string.Empty, string.Empty, null);

    /// <summary>Closes the connection without an answer.</summary>
    public static LoopbackResponse Drop { get; } = new(Behaviour.Drop, 0, string.Empty, string.Empty, null);

    public Behaviour Kind { get; }

    public int Status { get; }

    public string Body { get; }

    public string ContentType { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public static LoopbackResponse Json(string body, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        new(Behaviour.Answer, status, body, "application/json; charset=utf-8", headers);

    public static LoopbackResponse Text(string body, int status, IReadOnlyDictionary<string, string>? headers = null) =>
        new(Behaviour.Answer, status, body, "text/html; charset=utf-8", headers);

    public static LoopbackResponse Empty(int status, IReadOnlyDictionary<string, string>? headers = null) =>
        new(Behaviour.Answer, status, string.Empty, "text/plain", headers);

    public byte[] Serialize()
    {
        var body = Encoding.UTF8.GetBytes(Body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {Reason(Status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\r\n")
            .Append("Connection: close\r\n");
        if (!Headers.ContainsKey("Content-Length"))
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        foreach (var (name, value) in Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
