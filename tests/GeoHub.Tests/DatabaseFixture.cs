using System.Text.Json;
using GeoHub.Access;
using GeoHub.Data;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeoHub.Tests;

/// <summary>
/// A PostGIS database of a fixture's own: created on the test server, migrated, seeded by the
/// fixture, with the app hosted over it, and dropped at the end. Every fixture of the suite is
/// one of these, so they differ only in what they seed.
/// </summary>
public abstract class DatabaseFixture(string name) : IAsyncLifetime
{
    private static readonly GraphQLSerializer Serializer = new();
    private readonly string databaseName = $"geohub_{name}_{Guid.NewGuid():N}";
    private WebApplicationFactory<Program>? factory;

    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("fixture not initialised");

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync(databaseName);
        DataSource = DataServices.CreateDataSource(ConnectionString);
        await using (var db = CreateDb())
        {
            await db.Database.MigrateAsync();
            await SeedAsync(db);
        }

        factory = CreateFactory(ConnectionString, ConfigureServices);
    }

    /// <summary>Services the fixture's app gets on top of its own (a fixed clock, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Fills the migrated database.</summary>
    protected abstract Task SeedAsync(GeoHubDb db);

    public async Task RunSqlAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public static WebApplicationFactory<Program> CreateFactory(string connectionString, Action<IServiceCollection>? services = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
            TestHost.Configure(host, connectionString).ConfigureServices(services ?? (_ => { })));

    public GeoHubDb CreateDb()
    {
        var options = new DbContextOptionsBuilder<GeoHubDb>();
        DataServices.ConfigureDb(options, DataSource);
        return new GeoHubDb(options.Options);
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    /// <summary>A client that sends a token of the test signing key, as `geohub token` mints them.</summary>
    public HttpClient CreateClient(Role role, string[]? areas = null, string? unit = null, string? subject = null)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestHost.Token(role, areas, unit, subject));
        return client;
    }

    /// <summary>
    /// Runs GraphQL against the hosted schema directly (document executer, request scope,
    /// loaders), skipping HTTP; variables are an object or a JSON string. The answer as JSON.
    /// These tests are about the data, so they ask as GeoHub itself unless they name a caller;
    /// the Access tests ask over HTTP with tokens.
    /// </summary>
    public async Task<JsonElement> ExecuteAsync(string query, object? variables = null, string? operationName = null, Caller? caller = null)
    {
        var services = Factory.Services;
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestAccess>().Caller = caller ?? Caller.System;
        var json = variables as string ?? (variables is null ? null : JsonSerializer.Serialize(variables));
        var result = await services.GetRequiredService<IDocumentExecuter>().ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            OperationName = operationName,
            Variables = json is null ? null : Serializer.Deserialize<Inputs>(json),
            Schema = services.GetRequiredService<ISchema>(),
            RequestServices = scope.ServiceProvider,
        });
        using var document = JsonDocument.Parse(Serializer.Serialize(result));
        return document.RootElement.Clone();
    }

    /// <summary>The data of an answer that must have no errors.</summary>
    public async Task<JsonElement> QueryAsync(string query, object? variables = null)
    {
        var answer = await ExecuteAsync(query, variables);
        Assert.False(answer.TryGetProperty("errors", out var errors), $"errors: {errors}");
        return answer.GetProperty("data");
    }

    /// <summary>Rows of a query the test writes itself, read by <paramref name="read"/>.</summary>
    public async Task<List<T>> SqlAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (parameter, value) in parameters)
        {
            command.Parameters.AddWithValue(parameter, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        List<T> rows = [];
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>The first column of a query the test writes itself.</summary>
    public Task<List<T>> SqlAsync<T>(string sql) => SqlAsync(sql, reader => reader.GetFieldValue<T>(0));

    public virtual async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        await DataSource.DisposeAsync();
        await TestDatabase.DropAsync(databaseName);
    }
}
