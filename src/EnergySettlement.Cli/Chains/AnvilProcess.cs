using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EnergySettlement.Cli.Hosting;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// A local Anvil node (Foundry's development chain) that the demo starts and always stops: the binary that the
/// repository's <c>npm ci</c> installs (<c>node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil</c>), or one named by
/// <see cref="BinaryVariable"/> or found on <c>PATH</c>; on a free loopback port; ready when it answers
/// <c>eth_chainId</c>, within a bounded wait.
/// </summary>
internal sealed class AnvilProcess : IAsyncDisposable
{
    /// <summary>The environment variable that names the Anvil binary to use.</summary>
    public const string BinaryVariable = "ENERGY_SETTLE_ANVIL";

    /// <summary>The chain id the node runs with (Anvil's default).</summary>
    public const ulong ChainId = 31337;

    private static readonly string[] NpmPath = ["node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil"];
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AnvilProcess(string binary, int port)
    {
        Binary = binary;
        Port = port;
        RpcUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>Gets the binary that runs.</summary>
    public string Binary { get; }

    /// <summary>Gets the loopback port.</summary>
    public int Port { get; }

    /// <summary>Gets the JSON-RPC endpoint.</summary>
    public Uri RpcUrl { get; }

    /// <summary>Gets the process id while running, else <see langword="null"/>.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>
    /// Finds the Anvil binary: <see cref="BinaryVariable"/> when set (it must exist), else the npm package's binary in a
    /// <c>node_modules</c> at or above <paramref name="searchFrom"/> and the tool's own directory, else <c>anvil</c> on <c>PATH</c>.
    /// </summary>
    /// <param name="searchFrom">Where to start looking for <c>node_modules</c> (the current directory).</param>
    /// <returns>The binary's full path.</returns>
    /// <exception cref="CliException">No binary was found (exit code <see cref="ExitCodes.ChainUnavailable"/>), with what to do.</exception>
    public static string FindBinary(string searchFrom)
    {
        if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } named)
        {
            return File.Exists(named)
                ? Path.GetFullPath(named)
                : throw new CliException(ExitCodes.ChainUnavailable, $"Anvil is missing: {BinaryVariable} names '{named}', which does not exist.");
        }

        foreach (var start in new[] { searchFrom, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine([dir.FullName, .. NpmPath]);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "anvil");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new CliException(
            ExitCodes.ChainUnavailable,
            $"Anvil is missing: --chain anvil needs Foundry's Anvil binary. Run `npm ci` at the repository root (it installs {string.Join('/', NpmPath)}), " +
            $"set {BinaryVariable} to the binary, or put `anvil` on PATH. Or run the demo with --chain simulated (no set-up).");
    }

    /// <summary>Starts Anvil on a free loopback port and waits until it answers, at most <paramref name="startTimeout"/>.</summary>
    /// <param name="binary">The binary (see <see cref="FindBinary"/>).</param>
    /// <param name="startTimeout">The bounded wait for the node to answer.</param>
    /// <param name="cancellationToken">Cancels the start (the process is stopped).</param>
    /// <returns>The running node; dispose it to stop it.</returns>
    /// <exception cref="CliException">Anvil exited or did not answer in time (exit code <see cref="ExitCodes.ChainUnavailable"/>).</exception>
    public static async Task<AnvilProcess> StartAsync(string binary, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        // A port found free may be taken before Anvil binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var node = new AnvilProcess(binary, FreeLoopbackPort());
            try
            {
                await node.StartCoreAsync(startTimeout, cancellationToken).ConfigureAwait(false);
                return node;
            }
            catch (CliException) when (attempt < 3 && node.Output.Contains("in use", StringComparison.OrdinalIgnoreCase))
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await node.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Stops the node (the whole process tree) and waits for it to exit. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            finally
            {
                process.Dispose();
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

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

    private async Task StartCoreAsync(TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--chain-id", ChainId.ToString(CultureInfo.InvariantCulture), "--accounts", "1" })
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new CliException(ExitCodes.ChainUnavailable, $"Anvil ({Binary}) did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CliException(ExitCodes.ChainUnavailable, $"Anvil ({Binary}) could not be started: {ex.Message}", ex);
        }

        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var rpc = new DemoJsonRpc(http, RpcUrl);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new CliException(ExitCodes.ChainUnavailable, $"Anvil ({Binary}) exited with code {process.ExitCode} on port {Port}: {Output.Trim()}");
            }

            try
            {
                if (await rpc.QuantityAsync("eth_chainId", cancellationToken).ConfigureAwait(false) == ChainId)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The attempt timed out; try again.
            }

            if (clock.Elapsed > startTimeout)
            {
                throw new CliException(ExitCodes.ChainUnavailable, $"Anvil ({Binary}) did not answer on port {Port} within {startTimeout.TotalSeconds:0} s: {Output.Trim()}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
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
            if (_output.Length < 16_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}
