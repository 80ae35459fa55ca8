using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace GeoHub.Access;

/// <summary>
/// The local signing key that `make run` and `geohub token` share when no identity provider is
/// configured: an RSA key in a PEM file beside the private cluster (never in the checkout), made
/// on first use, readable by its owner only.
/// </summary>
public static class SigningKey
{
    public const string FileName = "signing-key.pem";

    /// <summary>GEOHUB_SIGNING_KEY, else signing-key.pem in the private cluster's root (GEOHUB_PGROOT, default /var/lib/geohub).</summary>
    public static string DefaultPath() =>
        Environment.GetEnvironmentVariable("GEOHUB_SIGNING_KEY") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetEnvironmentVariable("GEOHUB_PGROOT") is { Length: > 0 } root ? root : "/var/lib/geohub", FileName);

    /// <summary>The key in the file, made (mode 600) when the file does not exist yet.</summary>
    public static RsaSecurityKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Create(path);
        }

        return Load(path);
    }

    public static RsaSecurityKey Load(string path)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        return WithId(rsa);
    }

    private static void Create(string path)
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            // CreateNew: of two processes starting at once, one writes the key and the other reads it.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, options);
            using var writer = new StreamWriter(file);
            writer.Write(pem);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }

    /// <summary>The key id is the RFC 7638 thumbprint, so tokens name the key that signed them.</summary>
    private static RsaSecurityKey WithId(RSA rsa)
    {
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }
}
