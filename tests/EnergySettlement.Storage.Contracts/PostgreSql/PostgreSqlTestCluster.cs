using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EnergySettlement.Storage.Contracts.PostgreSql;

/// <summary>
/// A throwaway PostgreSQL cluster for tests and benchmarks: <c>initdb</c> in a temporary folder, <c>pg_ctl start</c> on
/// a free 127.0.0.1 port with its socket in that folder, stopped and deleted on dispose. The server binaries come from
/// PATH or <c>/usr/lib/postgresql/*/bin</c>. PostgreSQL refuses to run as root, so when this process is root (as in CI)
/// every server command runs as the unprivileged <c>postgres</c> user (through <c>runuser</c>, or <c>su</c>).
/// </summary>
/// <remarks>A missing server or user is an <see cref="InvalidOperationException"/> that says what to install: the tests
/// fail, they are never skipped.</remarks>
public sealed class PostgreSqlTestCluster : IAsyncDisposable
{
    private const string ServiceUser = "postgres";

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asServiceUser;

    private PostgreSqlTestCluster(string binDirectory, string root, bool asServiceUser, int port)
    {
        _binDirectory = binDirectory;
        _root = root;
        _asServiceUser = asServiceUser;
        Port = port;
    }

    /// <summary>Gets the port the server listens on (127.0.0.1 only).</summary>
    public int Port { get; private set; }

    /// <summary>Gets a connection string for the superuser <c>postgres</c> to the database <c>postgres</c>.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres");

    /// <summary>Gets the server's version line (<c>postgres --version</c>).</summary>
    public string Version { get; private set; } = string.Empty;

    private string DataDirectory => Path.Combine(_root, "data");

    private string LogFile => Path.Combine(_root, "server.log");

    /// <summary>Creates and starts a cluster.</summary>
    /// <returns>The running cluster.</returns>
    /// <exception cref="InvalidOperationException">No server binaries, no <c>postgres</c> user, or the server did not start (the message holds its log).</exception>
    public static async Task<PostgreSqlTestCluster> StartAsync()
    {
        var bin = FindBinDirectory();
        var asServiceUser = Environment.IsPrivilegedProcess;
        var root = Directory.CreateTempSubdirectory("es-pg-").FullName;
        var cluster = new PostgreSqlTestCluster(bin, root, asServiceUser, 0);
        try
        {
            if (asServiceUser)
            {
                await RunAsync("chown", [ServiceUser + ":", root], "give the cluster folder to the postgres user");
            }

            cluster.Version = (await cluster.ServerAsync("postgres", ["--version"], "read the server version")).Trim();
            await cluster.ServerAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], "initialise the cluster");
            await cluster.StartServerAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server the hard way (<c>pg_ctl stop -m immediate</c>: no checkpoint, as after a power cut of
    /// the server process) and starts it again, so it recovers from its write-ahead log.</summary>
    /// <returns>A task that completes when the server accepts connections again.</returns>
    public async Task CrashAndRestartAsync()
    {
        await ServerAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], "stop the server immediately");

        // The same port, so clients' connection strings (and pools) reach the restarted server.
        await StartServerAsync(Port);
    }

    /// <summary>Stops the server and deletes the cluster's folder.</summary>
    /// <returns>A task that completes when both are done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Port != 0)
        {
            try
            {
                await ServerAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], "stop the server");
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the folder goes anyway.
            }

            Port = 0;
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string FindBinDirectory()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                return directory;
            }
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Directory: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(d => File.Exists(Path.Combine(d.Directory, "initdb")) && File.Exists(Path.Combine(d.Directory, "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Directory is not null)
            {
                return newest.Directory;
            }
        }

        throw new InvalidOperationException(
            "The PostgreSQL tests need a real PostgreSQL server, and none was found: no initdb and pg_ctl on PATH or under /usr/lib/postgresql/*/bin. Install the server (for example 'apt-get install postgresql-15').");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string purpose)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not {purpose}: '{file}' could not be started ({ex.Message}).", ex);
        }

        using (process)
        {
            if (process is null)
            {
                throw new InvalidOperationException($"Could not {purpose}: '{file}' did not start.");
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"Could not {purpose}: '{file} {string.Join(' ', start.ArgumentList)}' did not finish within 3 minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"Could not {purpose}: '{file} {string.Join(' ', start.ArgumentList)}' exited with {process.ExitCode}: {await errors}{await output}");
            }

            return await output;
        }
    }

    private async Task StartServerAsync(int? samePort = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = samePort ?? FreePort();
            try
            {
                var settings = string.Create(CultureInfo.InvariantCulture,
                    $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB -c fsync=on -c synchronous_commit=on");
                await ServerAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "120", "-o", settings, "start"], "start the server");
                Port = port;
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && samePort is null)
            {
                // Another process took the port between the probe and the server's bind: try another.
            }
            catch (InvalidOperationException ex)
            {
                var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "(no log)";
                throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Server log:{Environment.NewLine}{log}", ex);
            }
        }
    }

    /// <summary>Runs a server binary, as the postgres user when this process is root.</summary>
    private Task<string> ServerAsync(string program, string[] arguments, string purpose)
    {
        var path = Path.Combine(_binDirectory, program);
        if (!_asServiceUser)
        {
            return RunAsync(path, arguments, purpose);
        }

        foreach (var runuser in new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" })
        {
            if (File.Exists(runuser))
            {
                return RunAsync(runuser, ["-u", ServiceUser, "--", path, .. arguments], purpose);
            }
        }

        var command = string.Join(' ', new[] { path }.Concat(arguments).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        return RunAsync("su", [ServiceUser, "-s", "/bin/sh", "-c", command], purpose);
    }
}
