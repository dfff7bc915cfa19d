using System.Security.Cryptography;
using System.Text;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// HMAC-SHA256 with the webhook's secret over "{timestamp}.{body}". Signing the timestamp with the body lets a
/// receiver reject old messages replayed by someone who captured one.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-WarningSystem-Signature";
    public const string TimestampHeader = "X-WarningSystem-Timestamp";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <returns>"sha256=" and the lowercase hex digest.</returns>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{unixSeconds}."), .. body];
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
