using System.Diagnostics;

namespace WarningSystem.IntegrationTests.Faults;

/// <summary>
/// A PostgreSQL cluster of one fault scenario's own, started and stopped with the project's ops scripts, so that
/// stopping it hurts nothing else. Wiped when disposed.
/// </summary>
public sealed class PgCluster : IAsyncDisposable
{
    public string Directory { get; }
    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// For the test's own reads: unpooled, because an earlier scenario's cluster may have had this very port, and
    /// connections pooled for it are dead.
    /// </summary>
    public string Unpooled => new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    PgCluster(string directory) => Directory = directory;

    public static string RepoRoot { get; } = FindRepoRoot();

    public static async Task<PgCluster> StartAsync(string name)
    {
        var cluster = new PgCluster(Path.Combine(RepoRoot, "ops", ".pg", $"fault-{name}-{Guid.NewGuid():N}"[..40]));
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// <summary>ops/pg-start.sh: starts the cluster (the first time, creates it); it keeps its port when that is free.</summary>
    public async Task StartAgainAsync()
    {
        var (code, output) = await Run(Path.Combine(RepoRoot, "ops", "pg-start.sh"), Directory);
        if (code != 0) throw new InvalidOperationException($"ops/pg-start.sh failed: {output}");
        ConnectionString = output.Trim().Split('\n').Last();
    }

    /// <summary>The crash of the database server: <c>pg_ctl stop -m immediate</c>, no checkpoint, clients cut off.</summary>
    public async Task StopImmediateAsync()
    {
        var bin = System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
            .First(b => File.Exists(Path.Combine(b, "pg_ctl")));
        var pgCtl = Path.Combine(bin, "pg_ctl");
        var data = Path.Combine(Directory, "data");
        var (code, output) = Environment.UserName == "root"
            ? await Run("runuser", "-u", "postgres", "--", pgCtl, "-D", data, "-m", "immediate", "-w", "stop")
            : await Run(pgCtl, "-D", data, "-m", "immediate", "-w", "stop");
        if (code != 0) throw new InvalidOperationException($"pg_ctl stop -m immediate failed: {output}");
    }

    public async ValueTask DisposeAsync() => await Run(Path.Combine(RepoRoot, "ops", "pg-stop.sh"), "--wipe", Directory);

    static async Task<(int Code, string Output)> Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, process.ExitCode == 0 ? await output : await output + await error);
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ops", "pg-start.sh"))) return dir.FullName;
        throw new InvalidOperationException("ops/pg-start.sh not found above the test assembly");
    }
}
