using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SkillScan.Semantics;
using SkillScan.Util;

namespace SkillScan.Rules.Matchers;

/// <summary>Where a network call or a URL goes: the URL and host when they are known, and the host's classes.</summary>
public sealed record Destination(string? Url, string? Host, string? Path, IReadOnlySet<string> Classes)
{
    public static readonly Destination Unknown = new(null, null, null, new HashSet<string>(StringComparer.Ordinal) { "unknown" });

    public bool IsKnown => Host is not null;

    public bool Is(string cls) => Classes.Contains(cls);

    /// <summary>"https://x.ngrok.io/a (tunnel endpoint)" or "a non-constant destination".</summary>
    public string Describe(Indicators indicators)
    {
        if (!IsKnown) return "a non-constant destination";
        var interesting = Classes.Where(c => c is not ("http" or "allowed")).Select(indicators.Label).ToList();
        var shown = Url ?? Host!;
        if (shown.Length > 120) shown = shown[..117] + "...";
        return interesting.Count == 0 ? shown : $"{shown} ({string.Join(", ", interesting)})";
    }
}

/// <summary>Finds URLs and hosts in values and text, and classifies hosts (tunnel, paste, raw-ip, vendor-api...).</summary>
public static class Destinations
{
    /// <summary>URLs with a scheme anywhere in a text.</summary>
    public static IEnumerable<Match> FindUrls(string text) => Url.Value.Matches(text);

    /// <summary>
    /// Host names without a scheme (optionally followed by a path), for indicator lists such as tunnels. A host must
    /// not continue a longer name (`x.ngrok.io` in `a.x.ngrok.io` is not separate), but may follow an expansion:
    /// `$(whoami).x.oast.fun`, `${id}.ngrok.io`.
    /// </summary>
    public static IEnumerable<(int Index, string Value)> FindBareHosts(string text) =>
        BareHost.Value.Matches(text).Select(m => (m.Groups["h"].Index, m.Groups["h"].Value));

    /// <summary>Classifies a URL ("https://host:port/path?q").</summary>
    public static Destination? FromUrl(string url, Indicators indicators, ScanSettings settings)
    {
        var m = UrlParts.Value.Match(url);
        if (!m.Success) return null;
        var scheme = m.Groups["scheme"].Value.ToLowerInvariant();
        var host = m.Groups["host"].Value.Trim('[', ']').TrimEnd('.');
        if (!IsHostLike(host)) return null;
        var path = m.Groups["path"].Value;
        var result = Classify(host, path, indicators, settings);
        if (scheme is "http" or "ws") result.Add("http");
        return new Destination(url, host.ToLowerInvariant(), path, result);
    }

    /// <summary>Classifies a host given without a scheme ("1.2.3.4", "abc.ngrok.io/x").</summary>
    public static Destination? FromHost(string hostAndPath, Indicators indicators, ScanSettings settings)
    {
        var slash = hostAndPath.IndexOf('/');
        var hostPort = slash < 0 ? hostAndPath : hostAndPath[..slash];
        var host = StripPort(hostPort).Trim('[', ']').TrimEnd('.');
        if (!IsHostLike(host)) return null;
        var path = slash < 0 ? "" : hostAndPath[slash..];
        return new Destination(null, host.ToLowerInvariant(), path, Classify(host, path, indicators, settings));
    }

    /// <summary>
    /// The destination of a value: a URL in its folded constant, or a URL literal its source text starts with
    /// (`f"https://x.io/{data}"`, `'http://1.2.3.4/?q=' + data`), or a bare IP/host constant. Null when unknown.
    /// </summary>
    public static Destination? FromValue(ValueFact value, Indicators indicators, ScanSettings settings, bool allowBareHost)
    {
        // Every URL pattern needs "://" and every host a dot: most values of a script have neither, and are
        // answered without a regex search (each network call's inputs are looked at here).
        if (value.Constant is { } constant)
        {
            if (constant.Contains("://", StringComparison.Ordinal))
            {
                foreach (Match u in FindUrls(constant))
                {
                    if (FromUrl(u.Value, indicators, settings) is { } d) return d;
                }
            }
            var word = constant.Trim();
            if (allowBareHost && word.Contains('.') && BareHostOnly.Value.IsMatch(word)) return FromHost(word, indicators, settings);
            return null;
        }
        // Not constant: only a URL at the very start fixes the host — of the partly folded string, else of the source text.
        if (value.Shape is { } shape && shape.Contains("://", StringComparison.Ordinal) && LeadingUrl.Value.Match(shape) is { Success: true } known)
        {
            return FromUrl(known.Groups["url"].Value, indicators, settings);
        }
        if (value.Text.Contains("://", StringComparison.Ordinal) && LeadingUrl.Value.Match(value.Text) is { Success: true } lead)
        {
            return FromUrl(lead.Groups["url"].Value, indicators, settings);
        }
        if (allowBareHost && value.Text.Contains('.'))
        {
            var bare = LeadingHost.Value.Match(value.Text);
            if (bare.Success) return FromHost(bare.Groups["host"].Value, indicators, settings);
        }
        return null;
    }

    /// <summary>The classes of a host (and path): listed indicator classes, raw/private IP, local, vendor, allow-lists.</summary>
    public static HashSet<string> Classify(string host, string path, Indicators indicators, ScanSettings settings)
    {
        var classes = new HashSet<string>(StringComparer.Ordinal);
        var lower = host.ToLowerInvariant();
        if (TryParseIp(lower, out var ip))
        {
            classes.Add(IsPrivate(ip) ? "private-ip" : "raw-ip");
            return classes;
        }
        if (lower is "localhost" || lower.EndsWith(".localhost", StringComparison.Ordinal) || lower.EndsWith(".local", StringComparison.Ordinal)
            || lower.EndsWith(".internal", StringComparison.Ordinal) || lower.EndsWith(".lan", StringComparison.Ordinal)
            || lower.EndsWith(".home.arpa", StringComparison.Ordinal) || !lower.Contains('.'))
        {
            classes.Add("local");
            return classes;
        }
        foreach (var entry in indicators.EntriesFor(lower))
        {
            if (entry.PathPrefix is null || path.StartsWith(entry.PathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                classes.Add(entry.Class);
            }
        }
        if (indicators.IsVendorHost(lower)) classes.Add("vendor-api");
        if (MatchesDomainList(lower, path, settings.AllowedInstallerDomains)) classes.Add("installer");
        if (MatchesDomainList(lower, path, settings.AllowedDomains)) classes.Add("allowed");
        return classes;
    }

    private static bool MatchesDomainList(string host, string path, IReadOnlyList<string> entries)
    {
        foreach (var e in entries)
        {
            var slash = e.IndexOf('/');
            var h = slash < 0 ? e : e[..slash];
            if (!Indicators.HostMatches(host, h)) continue;
            if (slash < 0 || path.StartsWith(e[slash..], StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>IPv4/IPv6 literals, and the obfuscated forms browsers and curl accept (3232235777, 0x7f000001).</summary>
    public static bool TryParseIp(string host, out IPAddress ip)
    {
        ip = IPAddress.None;
        if (host.Length == 0) return false;
        if (host.Contains(':')) return IPAddress.TryParse(host, out ip!) && ip.AddressFamily == AddressFamily.InterNetworkV6;
        if (DottedQuad.Value.IsMatch(host)) return IPAddress.TryParse(host, out ip!);
        if (DecimalIp.Value.IsMatch(host) && ulong.TryParse(host, out var n) && n is >= 16777216 and <= uint.MaxValue)
        {
            ip = new IPAddress(BitConverter.GetBytes(IPAddress.HostToNetworkOrder((int)(uint)n)));
            return true;
        }
        if (HexIp.Value.IsMatch(host) && ulong.TryParse(host[2..], System.Globalization.NumberStyles.HexNumber, null, out var h) && h <= uint.MaxValue)
        {
            ip = new IPAddress(BitConverter.GetBytes(IPAddress.HostToNetworkOrder((int)(uint)h)));
            return true;
        }
        return false;
    }

    /// <summary>
    /// Loopback, RFC 1918, link-local, CGNAT, unspecified and multicast are private. The documentation ranges
    /// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) are deliberately public: defanged samples use them.
    /// </summary>
    public static bool IsPrivate(IPAddress ip)
    {
        if (IPAddress.IsLoopback(ip)) return true;
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (ip.IsIPv4MappedToIPv6) return IsPrivate(ip.MapToIPv4());
            var b6 = ip.GetAddressBytes();
            return ip.Equals(IPAddress.IPv6Any) || ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || (b6[0] & 0xFE) == 0xFC || ip.IsIPv6Multicast;
        }
        var b = ip.GetAddressBytes();
        return b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] >= 224;
    }

    private static bool IsHostLike(string host) =>
        host.Length is > 0 and <= 253 && (HostChars.Value.IsMatch(host) || (host.Contains(':') && IPAddress.TryParse(host, out _)));

    private static string StripPort(string hostPort)
    {
        if (hostPort.StartsWith('[')) return hostPort[..(hostPort.IndexOf(']') + 1)];
        var colon = hostPort.LastIndexOf(':');
        return colon > 0 && hostPort.IndexOf(':') == colon ? hostPort[..colon] : hostPort;
    }

    // These run over whole files of hostile text: tiered (Util/TieredRegex), so a gate on a small skill searches with
    // the interpreter, built in microseconds, instead of building linear engines (1-20 ms a pattern, most of a Native
    // AOT gate's analysis), and a search that runs long or a batch that reads enough moves to the linear engine.
    private static Lazy<TieredRegex> Tiered(string pattern) =>
        new(() => new TieredRegex(pattern, RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout));

    private static readonly Lazy<TieredRegex> Url = Tiered(@"(?i)\b(?:https?|wss?|ftp)://(?:[^\s""'`<>\\()\[\]{}|^]+|\[[0-9a-f:.]+\])+");
    private static readonly Lazy<TieredRegex> UrlParts = Tiered(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?:[^@/?#\s]*@)?(?<host>\[[0-9A-Fa-f:.]+\]|[^:/?#\s]+)(?::\d*)?(?<path>[^?#\s]*)");
    private static readonly Lazy<TieredRegex> LeadingUrl = Tiered(@"^\s*(?:[fFrRbBuU]{0,2}[""'`]|\$?@?""|""?\$\()?\s*(?<url>(?:https?|wss?|ftp)://[A-Za-z0-9.\-\[\]:]+(?:[/?#][^\s""'`]*)?)");
    private static readonly Lazy<TieredRegex> LeadingHost = Tiered(@"^\s*(?:[fFrRbBuU]{0,2}[""'`]|\(\s*[""'])(?<host>(?:\d{1,3}\.){3}\d{1,3}|(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})[""':/]");
    private static readonly Lazy<TieredRegex> BareHost = Tiered(@"(?i)(?:^|[^\w.@/-]|[)}]\.)(?<h>(?:[a-z0-9][a-z0-9-]{0,62}\.)+[a-z]{2,24}(?::\d{1,5})?(?:/[^\s""'`<>\\()\[\]{}|^]*)?)");
    private static readonly Lazy<TieredRegex> BareHostOnly = Tiered(@"^(?:(?:\d{1,3}\.){3}\d{1,3}|(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24})(?::\d{1,5})?(?:/\S*)?$");
    private static readonly Lazy<TieredRegex> DottedQuad = Tiered(@"^\d{1,3}(\.\d{1,3}){3}$");
    private static readonly Lazy<TieredRegex> DecimalIp = Tiered(@"^\d{8,10}$");
    private static readonly Lazy<TieredRegex> HexIp = Tiered(@"^0[xX][0-9a-fA-F]{1,8}$");
    private static readonly Lazy<TieredRegex> HostChars = Tiered(@"^[A-Za-z0-9._-]+$");
}
