using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GeoHub.Tests;

/// <summary>
/// `geohub serve` in a process of its own, as `make run` starts it, on a free loopback port: for
/// tests that watch the server from outside (its CPU, its exit on SIGTERM) rather than host it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringWriter output = new();

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        // Without cookies: a test says which request carries what (the read-your-writes cookie, say).
        Client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>What the server wrote, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the server over <paramref name="connectionString"/> with extra settings (environment variables) and waits until /ready answers.</summary>
    public static async Task<ServerProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "geohub.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["GEOHUB_DB"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The test run's signing key, not the private cluster's (TestHost mints tokens with it).
        start.Environment["Auth__SigningKeyFile"] = TestHost.EnsureSigningKey();
        // As in TestHost: the settings given may turn it on.
        start.Environment["GeoHub__Limits__RateLimiting"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start geohub");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => server.Append(line.Data);
        process.ErrorDataReceived += (_, line) => server.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
    }

    private void Append(string? line)
    {
        lock (output)
        {
            output.WriteLine(line);
        }
    }

    public async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"geohub exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"geohub did not become ready:\n{Output}");
    }

    /// <summary>CPU time the server has used so far, user and system, from /proc.</summary>
    public TimeSpan CpuTime()
    {
        // Fields 14 and 15 of /proc/PID/stat, counted after the command name's closing parenthesis.
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>The CPU the server uses over <paramref name="window"/> while nobody asks it anything.</summary>
    public async Task<TimeSpan> CpuOverAsync(TimeSpan window)
    {
        var before = CpuTime();
        await Task.Delay(window);
        return CpuTime() - before;
    }

    /// <summary>Sends SIGTERM, as a service manager stops it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {process.Id} failed");
        }
    }

    /// <summary>SIGKILL, as the out-of-memory killer or a lost machine ends it: nothing of it runs after, not even a cancel.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // sysconf(_SC_CLK_TCK) is 100 on every Linux this runs on.
    private const int ClockTicksPerSecond = 100;
}
