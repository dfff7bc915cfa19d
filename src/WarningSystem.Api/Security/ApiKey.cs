using System.Security.Cryptography;
using System.Text;

namespace WarningSystem.Security;

/// <summary>
/// An API key as stored: never the secret itself, only a salted HMAC of it. The key a client holds is
/// <c>wsk_{keyId}_{secret}</c>; the id finds the record, the secret proves possession.
/// </summary>
public sealed record ApiKey
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public IReadOnlyList<string> Clinics { get; init; } = [];
    public string Salt { get; init; } = "";
    public string Hash { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? ReplacedBy { get; init; }

    public bool IsActive => RevokedAt is null;
}

/// <summary>Issuing and checking keys: pure, apart from the random numbers a new key needs.</summary>
public static class ApiKeys
{
    const string Prefix = "wsk_";

    /// <summary>A new key record and the only copy of its secret, to be shown once.</summary>
    public static (ApiKey Record, string Key) Issue(string role, IReadOnlyList<string> clinics, string name, DateTimeOffset now)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var salt = RandomNumberGenerator.GetBytes(16);
        var record = new ApiKey
        {
            Id = id, Name = name, Role = role, Clinics = clinics, Salt = Convert.ToBase64String(salt),
            Hash = Convert.ToBase64String(HashOf(salt, secret)), CreatedAt = now,
        };
        return (record, $"{Prefix}{id}_{secret}");
    }

    /// <summary>A new key with the same grants; the old one is revoked and points at its successor.</summary>
    public static (ApiKey Revoked, ApiKey Record, string Key) Rotate(ApiKey old, DateTimeOffset now)
    {
        var (record, key) = Issue(old.Role, old.Clinics, old.Name, now);
        return (old with { RevokedAt = now, ReplacedBy = record.Id }, record, key);
    }

    public static bool LooksLikeKey(string? value) => value?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>Splits a presented key into its id and secret, or null when it is not in key form.</summary>
    public static (string Id, string Secret)? Parse(string presented)
    {
        if (!LooksLikeKey(presented)) return null;
        var rest = presented[Prefix.Length..];
        var separator = rest.IndexOf('_');
        return separator is 12 && rest.Length > separator + 1 ? (rest[..separator], rest[(separator + 1)..]) : null;
    }

    /// <summary>Constant-time: how long the comparison takes says nothing about how much of the secret matched.</summary>
    public static bool Verify(ApiKey record, string secret) =>
        record.IsActive && CryptographicOperations.FixedTimeEquals(
            HashOf(Convert.FromBase64String(record.Salt), secret), Convert.FromBase64String(record.Hash));

    static byte[] HashOf(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));
}
