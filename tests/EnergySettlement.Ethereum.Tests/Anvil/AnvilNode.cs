using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnergySettlement.Ethereum.Tests.Anvil;

/// <summary>
/// A real Anvil node on a free loopback port, started from node_modules (installed by <c>npm ci</c>). Fails (never skips)
/// when the binary is missing. Can be stopped and started again on the same port (state is lost).
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    public const ulong ChainId = 31337;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string[] _extraArguments;
    private readonly StringBuilder _output = new();
    private Process? _process;
    private long _nextId;

    private AnvilNode(int port, string[] extraArguments)
    {
        Port = port;
        _extraArguments = extraArguments;
        RpcUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri RpcUrl { get; }

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<AnvilNode> StartAsync(params string[] extraArguments)
    {
        var node = new AnvilNode(FreePort(), extraArguments);
        await node.StartAsync().ConfigureAwait(false);
        return node;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task StartAsync()
    {
        var binary = RepositoryPaths.AnvilBinary;
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"Anvil is missing at {binary}: run `npm ci` at the repository root ({RepositoryPaths.Root}) to install the test peers.");
        }

        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--host", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--chain-id", ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--accounts", "2" })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in _extraArguments)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Anvil did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Anvil exited with code {process.ExitCode} on port {Port}: {Output}");
            }

            try
            {
                var chainId = await RpcAsync("eth_chainId").ConfigureAwait(false);
                if (chainId.GetString() == "0x7a69")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                await StopAsync().ConfigureAwait(false);
                throw new TimeoutException($"Anvil did not answer eth_chainId on port {Port} within 20 s: {Output}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
            process.Dispose();
        }
    }

    public async Task<JsonElement> RpcAsync(string method, params JsonNode?[] parameters)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _nextId),
            ["method"] = method,
            ["params"] = new JsonArray(parameters),
        };
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(RpcUrl, content).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        using var document = JsonDocument.Parse(text);
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"Anvil {method} failed: {error.GetRawText()}");
        }

        return document.RootElement.GetProperty("result").Clone();
    }

    public Task MineAsync(int blocks = 1) => RpcAsync("anvil_mine", "0x" + blocks.ToString("x", System.Globalization.CultureInfo.InvariantCulture));

    public Task SetAutomineAsync(bool enabled) => RpcAsync("evm_setAutomine", enabled);

    public Task SetBalanceAsync(string address, System.Numerics.BigInteger wei) => RpcAsync("anvil_setBalance", address, "0x" + wei.ToString("x", System.Globalization.CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0'));

    public async Task<ulong> BlockNumberAsync() => Convert.ToUInt64((await RpcAsync("eth_blockNumber").ConfigureAwait(false)).GetString(), 16);

    public async Task<System.Numerics.BigInteger> BalanceAsync(string address)
    {
        var hex = (await RpcAsync("eth_getBalance", address, "latest").ConfigureAwait(false)).GetString()!;
        return System.Numerics.BigInteger.Parse("0" + hex[2..], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}
