using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GeoHub.Tests.Operations;

/// <summary>
/// Where the clients' contract sits beside the checkout (../shared/contract), every operation in
/// it must validate against the schema as written: operations/ is the project's copy, and this
/// catches the copy falling behind. A clone has no contract beside it; the test then says so.
/// The contract's next/ folder holds operations of open issues, not served yet, and is not read.
/// </summary>
public sealed class SharedContractTests(ITestOutputHelper output)
{
    [SharedContractFact]
    public async Task Every_operation_of_the_shared_contract_validates_against_the_schema()
    {
        var schema = new ServiceCollection().AddGeoHubGraphQL().BuildServiceProvider().GetRequiredService<ISchema>();
        schema.Initialize();
        var files = Directory.GetFiles(RepoPaths.SharedContract, "*.graphql").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        List<string> failures = [];
        var operations = 0;
        foreach (var file in files)
        {
            var document = GraphQLParser.Parser.Parse(await File.ReadAllTextAsync(file));
            foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
            {
                operations++;
                var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
                {
                    Schema = schema,
                    Document = document,
                    Operation = operation,
                    Rules = DocumentValidator.CoreRules,
                    Variables = Inputs.Empty,
                    Extensions = Inputs.Empty,
                    RequestServices = null,
                });
                // Validation without variables: a missing value for a required variable is not a schema mismatch.
                failures.AddRange(result.Errors.Where(e => e is not InvalidVariableError)
                    .Select(e => $"{Path.GetFileName(file)}#{operation.Name}: {e.Message}"));
            }
        }

        output.WriteLine($"{operations} operations in {files.Count} files of {RepoPaths.SharedContract} validated.");
        Assert.Empty(failures);
    }
}

/// <summary>
/// A fact that runs only where the shared contract exists; elsewhere xunit reports it as skipped,
/// with the reason (xunit 2 has no Assert.Skip, but a fact's Skip may be set when it is discovered).
/// </summary>
public sealed class SharedContractFactAttribute : FactAttribute
{
    public SharedContractFactAttribute()
    {
        if (!Directory.Exists(RepoPaths.SharedContract))
        {
            Skip = $"no shared contract at {RepoPaths.SharedContract} (a clone has none; GEOHUB_SHARED names the shared folder): its operations were not validated";
        }
    }
}
