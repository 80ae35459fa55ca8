using System.CommandLine;
using System.Globalization;
using GeoHub.Access;

namespace GeoHub.Cli;

/// <summary>
/// `geohub token --role ROLE [--area CODE]... [--unit ID] [--subject NAME] [--ttl 8h]`: a bearer
/// token signed with the local key, which the server started by `make run` accepts.
/// </summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "PUBLIC, VIEWER, UNIT, OFFICER or ADMIN.", Required = true };
        var areas = new Option<string[]>("--area") { Description = "An area code the role holds in (repeat for more); VIEWER and OFFICER need one.", AllowMultipleArgumentsPerToken = false };
        var unit = new Option<string?>("--unit") { Description = "The co-building unit a UNIT acts for: its id (global, or the number)." };
        var subject = new Option<string?>("--subject") { Description = "Who the token names (default: the role and your user name)." };
        var ttl = new Option<string>("--ttl") { Description = "Lifetime: 30m, 8h, 7d or seconds.", DefaultValueFactory = _ => "8h" };
        var key = new Option<string?>("--key") { Description = "The PEM signing key (default: GEOHUB_SIGNING_KEY, else signing-key.pem beside the private cluster)." };
        var command = new Command("token", "Print a bearer token signed with the local key.") { role, areas, unit, subject, ttl, key };
        command.SetAction(parse => Run(
            parse.GetRequiredValue(role), parse.GetValue(areas) ?? [], parse.GetValue(unit), parse.GetValue(subject), parse.GetRequiredValue(ttl), parse.GetValue(key)));
        return command;
    }

    private static int Run(string roleText, string[] areas, string? unit, string? subject, string ttlText, string? keyFile)
    {
        if (!AccessServices.TryParseRole(roleText, out var role))
        {
            Console.Error.WriteLine($"token: --role {roleText}: one of PUBLIC, VIEWER, UNIT, OFFICER, ADMIN");
            return 2;
        }

        if (Lifetime(ttlText) is not { } lifetime)
        {
            Console.Error.WriteLine($"token: --ttl {ttlText}: a number of seconds, or minutes (30m), hours (8h), days (7d)");
            return 2;
        }

        if (unit is not null && AccessServices.ParseUnit(unit) is null)
        {
            Console.Error.WriteLine($"token: --unit {unit}: the id of a co-building unit");
            return 2;
        }

        if ((role is Role.Viewer or Role.Officer && areas.Length == 0) || (role == Role.Unit && unit is null))
        {
            Console.Error.WriteLine($"token: warning: a {roleText.ToUpperInvariant()} without {(role == Role.Unit ? "--unit" : "--area")} may see no internal data");
        }

        var path = keyFile ?? SigningKey.DefaultPath();
        var claims = new TokenClaims(role, areas, unit, subject ?? $"{roleText.ToLowerInvariant()}:{Environment.UserName}");
        Console.Out.WriteLine(TokenMinter.Mint(SigningKey.LoadOrCreate(path), claims, lifetime));
        return 0;
    }

    private static TimeSpan? Lifetime(string text)
    {
        var suffixed = text.Length > 0 && char.IsLetter(text[^1]);
        var (digits, unit) = suffixed ? (text[..^1], text[^1]) : (text, 's');
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return null;
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => null,
        };
    }
}
