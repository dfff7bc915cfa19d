using Testcontainers.PostgreSql;

namespace WarningSystem.IntegrationTests;

/// <summary>
/// Where the tests' PostgreSQL comes from: WARNINGSYSTEM_TEST_DATABASE when set (ops/test.sh sets it to a cluster it
/// starts), otherwise a Testcontainers PostgreSQL when Docker answers. Never an in-memory stand-in.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "WARNINGSYSTEM_TEST_DATABASE";

    public static async Task<(string ConnectionString, IAsyncDisposable? Container)> AcquireAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connectionString)
            return (connectionString, null);

        PostgreSqlContainer? container = null;
        try
        {
            container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return (container.GetConnectionString(), container);
        }
        catch (Exception e)
        {
            if (container is not null) await container.DisposeAsync();
            throw new InvalidOperationException(
                $"No test database: {Variable} is not set and Docker is not reachable ({e.GetType().Name}). " +
                "Run the suite with ops/test.sh, which starts a local PostgreSQL, or start one with ops/pg-start.sh " +
                $"and set {Variable} to the connection string it prints.", e);
        }
    }
}
