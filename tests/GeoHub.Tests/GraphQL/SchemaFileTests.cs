using GeoHub.GraphQL;

namespace GeoHub.Tests.GraphQL;

public sealed class SchemaFileTests
{
    [Fact]
    public void Schema_file_is_the_printed_running_schema()
    {
        var printed = GeoHubSchema.PrintSdl();
        var committed = File.ReadAllText(RepoPaths.SchemaFile);
        Assert.True(printed == committed, "schema.graphql differs from the running schema: run `make schema` and commit it.");
    }
}
