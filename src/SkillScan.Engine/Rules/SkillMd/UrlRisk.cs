using System.Net;
using System.Net.Sockets;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// What a URL in SKILL.md points at, for the social-engineering rules: paste site, URL shortener, file host or
/// anonymous drop, raw public IP, release page, plain http, and whether the host is on the policy's installer
/// allow-list. Lists are data in rules/catalogs/instructions.yaml.
/// </summary>
public static class UrlRisk
{
    public const string Paste = "paste";
    public const string Shortener = "shortener";
    public const string FileHost = "file-host";
    public const string RawIp = "raw-ip";
    public const string ReleasePage = "release-page";
    public const string Http = "http";
    public const string Installer = "installer";

    /// <summary>A host the vendor of a well-known product controls (docker.com, python.org...), not a user-content host.</summary>
    public const string Vendor = "vendor";

    /// <summary>Hosts where anyone can publish: a file there says nothing about who made it.</summary>
    private static readonly string[] UserContentHosts =
    [
        "github.com", "githubusercontent.com", "gitlab.com", "bitbucket.org", "sourceforge.net", "codeberg.org",
        "google.com", "googleusercontent.com", "dropbox.com", "live.com", "1drv.ms", "box.com", "amazonaws.com",
        "cloudfront.net", "blob.core.windows.net", "pages.dev", "netlify.app", "vercel.app", "github.io", "gitlab.io",
    ];

    public static HashSet<string> Classes(string url, ScanSettings settings)
    {
        var catalog = InstructionCatalog.Builtin;
        var normalized = UrlScanner.Normalize(url);
        var host = UrlScanner.HostOf(normalized);
        var path = UrlScanner.PathOf(normalized);
        var classes = new HashSet<string>(StringComparer.Ordinal);
        if (normalized.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && url.Contains("://", StringComparison.Ordinal)) classes.Add(Http);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            if (!IsPrivate(ip)) classes.Add(RawIp);
            return classes;
        }
        if (Listed(host, path, catalog.PasteSites)) classes.Add(Paste);
        if (Listed(host, path, catalog.Shorteners)) classes.Add(Shortener);
        if (Listed(host, path, catalog.FileHosts) || Listed(host, path, catalog.FileDrops)) classes.Add(FileHost);
        if (catalog.ReleasePages.IsMatch(normalized)) classes.Add(ReleasePage);
        if (Listed(host, path, settings.AllowedInstallerDomains)) classes.Add(Installer);
        if (classes.Count == 0 && Listed(host, "", catalog.Brands) && !Listed(host, "", UserContentHosts)) classes.Add(Vendor);
        return classes;
    }

    /// <summary>The file name a URL downloads when its extension is one of the risky ones (exe, zip, dmg, sh...), else null.</summary>
    public static string? RiskyFile(string url)
    {
        var name = UrlScanner.FileNameOf(url);
        var dot = name.LastIndexOf('.');
        if (dot <= 0) return null;
        return InstructionCatalog.Builtin.RiskyExtensions.Contains(name[(dot + 1)..].ToLowerInvariant()) ? name : null;
    }

    /// <summary>Words for a URL's worst class ("a paste site", "a raw IP address"...).</summary>
    public static string Describe(IReadOnlySet<string> classes) =>
        classes.Contains(RawIp) ? "a raw IP address"
        : classes.Contains(Paste) ? "a paste site"
        : classes.Contains(Shortener) ? "a URL shortener"
        : classes.Contains(FileHost) ? "a file-sharing host"
        : classes.Contains(ReleasePage) ? "a release page"
        : classes.Contains(Http) ? "an unencrypted http:// address"
        : "an unknown host";

    /// <summary>Host equal to an entry or a sub-domain of it; an entry with a path also needs the path to start with it.</summary>
    public static bool Listed(string host, string path, IEnumerable<string> entries)
    {
        foreach (var entry in entries)
        {
            var slash = entry.IndexOf('/');
            var entryHost = (slash < 0 ? entry : entry[..slash]).ToLowerInvariant();
            if (!(host == entryHost || host.EndsWith("." + entryHost, StringComparison.Ordinal))) continue;
            if (slash < 0 || path.StartsWith(entry[slash..], StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>Loopback, private, link-local and unspecified addresses (the documentation ranges count as public).</summary>
    public static bool IsPrivate(IPAddress ip)
    {
        if (IPAddress.IsLoopback(ip)) return true;
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal || ip.Equals(IPAddress.IPv6Any);
        }
        var b = ip.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254);
    }
}
