using GeoHub.Access;
using GeoHub.Compounds;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using Npgsql;

namespace GeoHub.Changes;

public sealed class MapChangeType : ObjectGraphType<MapChange>
{
    public MapChangeType()
    {
        Name = "MapChange";
        Description = "A change committed in the area, once per compound it touched (compound is null for a change that touches none, such as a community-wide agreement).";
        Field<NonNullGraphType<DateTimeScalar>>("at").Public().Description("When it committed.").Resolve(context => new DateTimeOffset(context.Source.At, TimeSpan.Zero));
        Field<NonNullGraphType<StringGraphType>>("kind").Public().Description("The mutation that made it (reportBack, signAgreement, …).").Resolve(context => context.Source.Kind);
        Field<NonNullGraphType<DateScalar>>("on").Public().Description("The day the change happened.").Resolve(context => context.Source.On);
        Field<NonNullGraphType<StringGraphType>>("areaCode").Public().Description("The community (or street) it happened in.").Resolve(context => context.Source.AreaCode);
        Field<NonNullGraphType<IdGraphType>>("recordId").Public().Description("The record that changed.").Resolve(context => GlobalId.Encode(context.Source.Entity, context.Source.EntityId));
        Field<CompoundType>("compound").Public().Description("The compound, as it is now (its coverageStatus is today's by default).")
            .Resolve(context => context.Source.CompoundId is { } id ? context.LoadById<Compound>(id) : null);
    }
}

/// <summary>The root subscription: live updates of the battle map, over WebSocket (graphql-transport-ws) at /graphql.</summary>
public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        Field<NonNullGraphType<MapChangeType>>("mapChanged").Public()
            .Description("Each change committed in the area (a code of any level) from now on, on any instance, as it commits.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .ResolveStreamAsync(async context =>
            {
                var code = context.GetArgument<string>("areaCode");
                var dataSource = context.RequestServices!.GetRequiredService<NpgsqlDataSource>();
                await using var command = dataSource.CreateCommand("SELECT path FROM areas WHERE code = @code");
                command.Parameters.AddWithValue("code", code);
                var path = await command.ExecuteScalarAsync(context.CancellationToken) as string
                    ?? throw GraphQLErrors.NotFound("area", $"code {code}");
                WriteGate.DemandSubscribe(context, path);
                var feed = context.RequestServices!.GetService<ChangeFeed>()
                    ?? throw new ExecutionError("Subscriptions are served over WebSocket by the running server.") { Code = ErrorCodes.BadRequest };
                return new ChangeStream(feed.Subscribe(path), context.RequestServices!.GetRequiredService<DataLoaders>());
            });
    }
}

/// <summary>A subscriber's changes as the observable GraphQL.NET executes each event of.</summary>
internal sealed class ChangeStream(Subscriber subscriber, DataLoaders loaders) : IObservable<object?>
{
    public IDisposable Subscribe(IObserver<object?> observer)
    {
        var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in subscriber.Changes.ReadAllAsync(stop.Token))
                {
                    // Each event reads the compound afresh: the loaders of the subscription's scope
                    // would otherwise answer from the first event's batch.
                    loaders.Clear();
                    observer.OnNext(change);
                }

                observer.OnCompleted();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (SubscriberTooSlowException exception)
            {
                observer.OnError(new ExecutionError(exception.Message) { Code = ErrorCodes.SubscriberTooSlow });
            }
        });
        return new Unsubscriber(stop, subscriber);
    }

    private sealed class Unsubscriber(CancellationTokenSource stop, Subscriber subscriber) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            subscriber.Dispose();
            stop.Dispose();
        }
    }
}
