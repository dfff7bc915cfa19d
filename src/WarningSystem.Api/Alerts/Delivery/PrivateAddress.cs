using System.Net;
using System.Net.Sockets;

namespace WarningSystem.Alerts.Delivery;

/// <summary>
/// Webhook targets inside the service's own network (loopback, private, link-local, metadata endpoints) would let
/// a clinic admin make the service call internal systems. Checked on the URL as written; a public name that
/// resolves to a private address needs egress filtering at the network, which this does not replace.
/// </summary>
public static class PrivateAddress
{
    public static bool Names(Uri uri)
    {
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address)) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || IPAddress.IsLoopback(address);
        var b = address.GetAddressBytes();
        return b[0] is 10 or 127 or 0
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }
}
