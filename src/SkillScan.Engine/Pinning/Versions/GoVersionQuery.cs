using System.Text.RegularExpressions;

namespace SkillScan.Pinning.Versions;

/// <summary>The version query after `@` in `go install path@query` / `go get path@query` / `go run path@query`.</summary>
public static class GoVersionQuery
{
    private static readonly Regex SemVer = new(@"^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex MajorMinor = new(@"^v[0-9]+(\.[0-9]+)?$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    public static SpecClass Classify(string? query)
    {
        if (string.IsNullOrEmpty(query)) return SpecClass.Floating("no version (the newest release)");
        if (query is "latest" or "upgrade" or "patch") return SpecClass.Floating($"the query '{query}' (the newest release)");
        if (SemVer.IsMatch(query)) return SpecClass.Exact("an exact version (checked against go.sum / the checksum database)");
        if (MajorMinor.IsMatch(query)) return new SpecClass(PinClass.Range, $"the version prefix '{query}' (the newest matching release)");
        if (query.StartsWith(">=", StringComparison.Ordinal) || query.StartsWith('>')) return new SpecClass(PinClass.Unbounded, "a lower bound with no upper bound");
        if (query.StartsWith('<')) return new SpecClass(PinClass.Range, "an upper bound (the newest release below it)");
        if (query.Length >= 7 && query.All(Uri.IsHexDigit)) return SpecClass.Exact("a commit id (resolved to a pseudo-version)");
        return SpecClass.Floating($"the branch or tag '{query}'");
    }
}
