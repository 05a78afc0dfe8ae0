using System.Text.RegularExpressions;

namespace SkillScan.Pinning.Versions;

/// <summary>What an npm dependency spec points at (npm-package-arg's kinds).</summary>
public enum NpmSpecKind
{
    Range,
    Tag,
    Alias,
    Git,
    Url,
    Path,
}

/// <summary>
/// Classifies the right-hand side of an npm dependency (`"lodash": "^4.17.0"`) or the part after `@` in
/// `npm install name@spec`: version ranges, dist-tags, `npm:` aliases, git (`git+https://…#sha`,
/// `github:user/repo`, `user/repo#ref`), tarball URLs and local paths (`file:`, `link:`, `workspace:`, `./x`).
/// </summary>
public static class NpmSpec
{
    // npm's own rule for dist-tag names: not a valid range, URL-safe, no leading 'v' + digit ambiguity handled by the range parser first.
    private static readonly Regex TagName = new(@"^[A-Za-z][A-Za-z0-9._-]*$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex GitHubShorthand = new(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(#.*)?$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly string[] GitPrefixes = ["git+", "git://", "github:", "gitlab:", "bitbucket:", "gist:"];

    private static readonly string[] PathPrefixes = ["file:", "link:", "portal:", "workspace:", "./", "../", "/", "~/", ".\\", "..\\"];

    /// <summary>The kind of a spec (null: not a spec npm would accept).</summary>
    public static NpmSpecKind? KindOf(string spec)
    {
        spec = spec.Trim();
        if (spec.StartsWith("npm:", StringComparison.Ordinal)) return NpmSpecKind.Alias;
        if (PathPrefixes.Any(p => spec.StartsWith(p, StringComparison.Ordinal)) || spec is "." or "..") return NpmSpecKind.Path;
        if (GitPrefixes.Any(p => spec.StartsWith(p, StringComparison.OrdinalIgnoreCase))) return NpmSpecKind.Git;
        if (spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return LooksLikeGitUrl(spec) ? NpmSpecKind.Git : NpmSpecKind.Url;
        }
        if (GitHubShorthand.IsMatch(spec)) return NpmSpecKind.Git;
        if (spec.Length == 0 || NpmRange.Parse(spec, out _) is not null) return NpmSpecKind.Range;
        return TagName.IsMatch(spec) ? NpmSpecKind.Tag : null;
    }

    /// <summary>Classifies a spec; null when it is not one npm would accept (nothing to say about it).</summary>
    public static SpecClass? Classify(string spec) => Classify(spec, 0);

    private static SpecClass? Classify(string spec, int depth)
    {
        spec = spec.Trim();
        if (spec.Length == 0) return SpecClass.Floating("no version (npm installs the 'latest' dist-tag)");
        switch (KindOf(spec))
        {
            case NpmSpecKind.Alias:
                if (depth > 0) return null;
                var (_, inner) = SplitNameAndSpec(spec["npm:".Length..]);
                return inner is null ? SpecClass.Floating("an npm: alias with no version") : Classify(inner, depth + 1);
            case NpmSpecKind.Path:
                return new SpecClass(PinClass.NonRegistry, "a local path") { LocalPath = StripPathProtocol(spec) };
            case NpmSpecKind.Git:
                var hash = spec.IndexOf('#');
                var committish = hash < 0 ? null : spec[(hash + 1)..];
                if (committish is not null && committish.StartsWith("semver:", StringComparison.Ordinal))
                {
                    return SpecClass.NonRegistry($"a git repository at the tag range '{committish["semver:".Length..]}'") with { IsGit = true };
                }
                return GitRefs.Classify(committish, "git repository");
            case NpmSpecKind.Url:
                return SpecClass.NonRegistry("a tarball URL, whose content can change without a version change");
            case NpmSpecKind.Range:
                var range = NpmRange.Classify(spec);
                if (range is { Class: PinClass.Floating }) return SpecClass.Floating("any version");
                return range;
            case NpmSpecKind.Tag:
                return SpecClass.Floating($"the dist-tag '{spec}', which the publisher moves to new releases");
            default:
                return null;
        }
    }

    /// <summary>
    /// Splits `name@spec` as npm does (`@scope/name@^1`, `name`, `name@`): the spec is null when there is none.
    /// Words that are themselves specs (URLs, git, paths) come back as (null, word).
    /// </summary>
    public static (string? Name, string? Spec) SplitNameAndSpec(string word)
    {
        if (word.Contains("://", StringComparison.Ordinal) || GitPrefixes.Any(p => word.StartsWith(p, StringComparison.OrdinalIgnoreCase)) ||
            PathPrefixes.Any(p => word.StartsWith(p, StringComparison.Ordinal)) || word is "." or ".." ||
            (!word.StartsWith('@') && GitHubShorthand.IsMatch(word) && !word.Contains('@')))
        {
            return (null, word);
        }
        var at = word.IndexOf('@', word.StartsWith('@') ? 1 : 0);
        return at < 0 ? (word, null) : (word[..at], word[(at + 1)..]);
    }

    /// <summary>A plausible npm package name (scoped or not).</summary>
    public static bool IsPackageName(string name) =>
        name.Length is > 0 and <= 214 && Regex.IsMatch(name, @"^(@[a-z0-9~][a-z0-9._~-]*/)?[a-z0-9~][a-z0-9._~-]*$",
            RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static bool LooksLikeGitUrl(string url)
    {
        if (url.Contains(".git#", StringComparison.OrdinalIgnoreCase) || url.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) return true;
        // https://github.com/user/repo(#ref) without a tarball path is what npm treats as a git repository.
        return Regex.IsMatch(url, @"^https?://(www\.)?(github\.com|gitlab\.com|bitbucket\.org)/[^/#]+/[^/#]+/?(#.*)?$",
            RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
    }

    private static string StripPathProtocol(string spec)
    {
        // workspace:^1.0 names a package of the same workspace, i.e. a folder of this project.
        if (spec.StartsWith("workspace:", StringComparison.Ordinal)) return ".";
        foreach (var p in new[] { "file:", "link:", "portal:" })
        {
            if (spec.StartsWith(p, StringComparison.Ordinal)) return spec[p.Length..];
        }
        return spec;
    }
}
