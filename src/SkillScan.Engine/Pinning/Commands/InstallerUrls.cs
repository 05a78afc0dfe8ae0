using System.Text.RegularExpressions;

namespace SkillScan.Pinning.Commands;

/// <summary>Whether a download URL names a release (a version in its path or query) rather than "the latest".</summary>
public static class InstallerUrls
{
    private static readonly Regex VersionSegment = new(@"(^|[/=@_-])v?[0-9]+\.[0-9]+(\.[0-9]+)?([-.+][0-9A-Za-z.]+)?([/&_.-]|$)",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    public static bool NamesVersion(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        var path = uri.AbsolutePath + uri.Query;
        if (path.Contains("/latest/", StringComparison.OrdinalIgnoreCase) || path.EndsWith("/latest", StringComparison.OrdinalIgnoreCase)) return false;
        return VersionSegment.IsMatch(path);
    }
}
