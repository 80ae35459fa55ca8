using GraphQL;
using GraphQL.Execution;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;

namespace GeoHub.GraphQL;

/// <summary>
/// Turns a document's text into a parsed document only when its plain size is within
/// <see cref="DocumentLimits"/>: first one pass of the lexer (tokens and how deep braces and
/// brackets nest), then its length, then the parse, then one walk of the tree counting fields,
/// aliases, fragments and directives. Each step is linear in the text, and each limit is
/// checked before the next step runs, so no document costs more than a few passes over its
/// text, whatever its fragments would expand to.
/// </summary>
public sealed class DocumentGuard(IDocumentBuilder builder, IOptions<DocumentLimits> options)
{
    private readonly DocumentLimits limits = options.Value;

    public DocumentLimits Limits => limits;

    /// <summary>The parsed document, or the coded error that refuses it (a syntax error included).</summary>
    public (GraphQLDocument? Document, ExecutionError? Error) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The lexer first: it stops at the first token past a limit, so a deep or token-heavy
        // document is named for what it is (DEPTH_LIMIT at any depth) however long it is.
        if (Lex(text) is { } lexError)
        {
            return (null, lexError);
        }

        if (text.Length > limits.MaxLength)
        {
            return Refuse(ErrorCodes.DocumentTooLarge, $"The document is {text.Length} characters long; at most {limits.MaxLength} are accepted.");
        }

        GraphQLDocument document;
        try
        {
            document = builder.Build(text);
        }
        catch (ExecutionError error)
        {
            return (null, error);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            // The lexer's nesting check keeps documents far below the parser's own limit; this is
            // a second line, so that no shape of document ever surfaces as INTERNAL_ERROR.
            return Refuse(ErrorCodes.DepthLimit, "The document nests too deeply to parse.");
        }

        var counts = new Counts();
        counts.Walk(document);
        return counts.Refusal(limits) is { } countError ? (null, countError) : (document, null);
    }

    /// <summary>
    /// Counts tokens and measures nesting: braces outside parentheses are selection sets, and
    /// braces and brackets inside them are input values (lists, input objects, variable
    /// defaults). A syntax error stops the pass quietly: the parser reports it with its position.
    /// </summary>
    private ExecutionError? Lex(string text)
    {
        var source = new ROM(text.AsMemory());
        int position = 0, tokens = 0, parentheses = 0, selections = 0, inputs = 0;
        try
        {
            while (true)
            {
                var token = Lexer.Lex(source, position);
                if (token.Kind == TokenKind.EOF)
                {
                    return null;
                }

                if (++tokens > limits.MaxTokens)
                {
                    return RefuseError(ErrorCodes.TooManyTokens, $"The document has more than {limits.MaxTokens} tokens.");
                }

                position = token.End;
                switch (token.Kind)
                {
                    // The lexer has unescaped the string: what an argument would receive.
                    case TokenKind.STRING when StorableText.Problem(token.Value.Span) is { } problem:
                        return RefuseError(ErrorCodes.InvalidValue, $"A string of the document {problem}.");
                    case TokenKind.PAREN_L:
                        parentheses++;
                        break;
                    case TokenKind.PAREN_R:
                        parentheses = Math.Max(0, parentheses - 1);
                        break;
                    case TokenKind.BRACE_L when parentheses == 0:
                        // One more than the deepest field: the operation's own braces.
                        if (++selections > Math.Max(limits.MaxDepth, limits.MaxIntrospectionDepth) + 1)
                        {
                            return RefuseError(ErrorCodes.DepthLimit, $"Selections nest more than {Math.Max(limits.MaxDepth, limits.MaxIntrospectionDepth)} levels deep.");
                        }

                        break;
                    case TokenKind.BRACE_R when parentheses == 0:
                        selections = Math.Max(0, selections - 1);
                        break;
                    case TokenKind.BRACE_L or TokenKind.BRACKET_L:
                        if (++inputs > limits.MaxInputDepth)
                        {
                            return RefuseError(ErrorCodes.DepthLimit, $"Input values nest more than {limits.MaxInputDepth} levels deep.");
                        }

                        break;
                    case TokenKind.BRACE_R or TokenKind.BRACKET_R:
                        inputs = Math.Max(0, inputs - 1);
                        break;
                }
            }
        }
        catch (GraphQLSyntaxErrorException)
        {
            return null;
        }
    }

    private static (GraphQLDocument?, ExecutionError?) Refuse(string code, string message) => (null, RefuseError(code, message));

    private static ExecutionError RefuseError(string code, string message) => new(message) { Code = code };

    /// <summary>What the document writes out, counted in one walk of the tree (its depth is bounded by the lexer's check).</summary>
    private sealed class Counts
    {
        private int fields;
        private int aliases;
        private int fragments;
        private int directives;

        public void Walk(GraphQLDocument document)
        {
            foreach (var definition in document.Definitions)
            {
                if (definition is GraphQLFragmentDefinition)
                {
                    fragments++;
                }

                if (definition is GraphQLExecutableDefinition executable)
                {
                    Count(executable.Directives);
                    if (executable is GraphQLOperationDefinition { Variables: { } variables })
                    {
                        foreach (var variable in variables.Items)
                        {
                            Count(variable.Directives);
                        }
                    }

                    Walk(executable.SelectionSet);
                }
            }
        }

        private void Walk(GraphQLSelectionSet? set)
        {
            if (set is null)
            {
                return;
            }

            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field:
                        fields++;
                        if (field.Alias is not null)
                        {
                            aliases++;
                        }

                        Count(field.Directives);
                        Walk(field.SelectionSet);
                        break;
                    case GraphQLFragmentSpread spread:
                        Count(spread.Directives);
                        break;
                    case GraphQLInlineFragment inline:
                        Count(inline.Directives);
                        Walk(inline.SelectionSet);
                        break;
                }
            }
        }

        private void Count(GraphQLDirectives? list) => directives += list?.Items.Count ?? 0;

        public ExecutionError? Refusal(DocumentLimits limits) =>
            aliases > limits.MaxAliases ? RefuseError(ErrorCodes.TooManyAliases, $"The document has {aliases} aliases; at most {limits.MaxAliases} are accepted.")
            : fields > limits.MaxFields ? RefuseError(ErrorCodes.TooManyFields, $"The document selects {fields} fields; at most {limits.MaxFields} are accepted.")
            : fragments > limits.MaxFragments ? RefuseError(ErrorCodes.TooManyFragments, $"The document defines {fragments} fragments; at most {limits.MaxFragments} are accepted.")
            : directives > limits.MaxDirectives ? RefuseError(ErrorCodes.TooManyDirectives, $"The document has {directives} directives; at most {limits.MaxDirectives} are accepted.")
            : null;
    }
}
