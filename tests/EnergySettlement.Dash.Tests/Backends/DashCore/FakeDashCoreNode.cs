using System.Globalization;
using System.Text;
using System.Text.Json;
using EnergySettlement.Dash.Tests.Backends.Http;

namespace EnergySettlement.Dash.Tests.Backends.DashCore;

/// <summary>
/// Answers JSON-RPC as dashd's HTTP server does (<c>src/httprpc.cpp</c>): HTTP 401 with an empty body for wrong
/// credentials; for a single call HTTP 200 with <c>{"result", "error": null, "id"}</c>, or the error object with HTTP 500
/// (404 for an unknown method); a batch always HTTP 200 with an array of those objects.
/// </summary>
internal sealed class FakeDashCoreNode : IAsyncDisposable
{
    private readonly Func<string, JsonElement, RpcReply> _reply;

    private FakeDashCoreNode(Func<string, JsonElement, RpcReply> reply, Func<string?> expectedAuthorization)
    {
        _reply = reply;
        Server = LoopbackHttpServer.Start(request => Answer(request, expectedAuthorization()));
    }

    public LoopbackHttpServer Server { get; }

    public Uri Url => Server.BaseUrl;

    public IReadOnlyList<(string Method, string Params)> Calls
    {
        get
        {
            var calls = new List<(string, string)>();
            foreach (var request in Server.Requests)
            {
                using var document = request.Json();
                foreach (var call in document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToArray() : [document.RootElement])
                {
                    calls.Add((call.GetProperty("method").GetString()!, call.GetProperty("params").GetRawText()));
                }
            }

            return calls;
        }
    }

    public static FakeDashCoreNode Start(Func<string, JsonElement, RpcReply> reply, string user = "settle", string password = "s3cret-Pa55") =>
        new(reply, () => Basic(user + ":" + password));

    public static FakeDashCoreNode StartWithAuthorization(Func<string, JsonElement, RpcReply> reply, Func<string?> expectedAuthorization) => new(reply, expectedAuthorization);

    public static string Basic(string userAndPassword) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword));

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private LoopbackResponse Answer(LoopbackRequest request, string? expectedAuthorization)
    {
        if (expectedAuthorization is not null && (!request.Headers.TryGetValue("Authorization", out var auth) || auth != expectedAuthorization))
        {
            return LoopbackResponse.Empty(401, new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"jsonrpc\"" });
        }

        using var document = request.Json();
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            var items = root.EnumerateArray().Select(call => One(call).Body).ToArray();
            return LoopbackResponse.Json("[" + string.Join(',', items) + "]");
        }

        var (status, body, raw) = One(root);
        return raw ?? LoopbackResponse.Json(body, status);
    }

    private (int Status, string Body, LoopbackResponse? Raw) One(JsonElement call)
    {
        var id = call.GetProperty("id").GetRawText();
        var reply = _reply(call.GetProperty("method").GetString()!, call.GetProperty("params"));
        if (reply.Raw is not null)
        {
            return (0, string.Empty, reply.Raw);
        }

        if (reply.ErrorCode is { } code)
        {
            var error = $$"""{"result":null,"error":{"code":{{code.ToString(CultureInfo.InvariantCulture)}},"message":{{JsonSerializer.Serialize(reply.ErrorMessage)}}},"id":{{id}}}""";
            return (code == -32601 ? 404 : 500, error, null);
        }

        return (200, $$"""{"result":{{reply.ResultJson}},"error":null,"id":{{id}}}""", null);
    }
}

/// <summary>What the fake node answers to one call.</summary>
internal sealed record RpcReply(string? ResultJson, long? ErrorCode, string? ErrorMessage, LoopbackResponse? Raw)
{
    public static RpcReply Result(string json) => new(json, null, null, null);

    public static RpcReply Error(long code, string message) => new(null, code, message, null);

    /// <summary>An HTTP answer instead of a JSON-RPC one (single calls only).</summary>
    public static RpcReply Http(LoopbackResponse response) => new(null, null, null, response);
}
