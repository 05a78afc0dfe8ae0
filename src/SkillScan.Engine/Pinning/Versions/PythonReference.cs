namespace SkillScan.Pinning.Versions;

/// <summary>
/// PEP 440 direct references and pip's requirement forms that are not `name specifier`: VCS URLs
/// (`git+https://…@ref#egg=name`), archive URLs (with or without a `#sha256=` fragment) and local paths.
/// </summary>
public static class PythonReference
{
    private static readonly string[] HashFragments = ["sha256=", "sha384=", "sha512=", "sha1=", "md5="];

    private static readonly string[] VcsSchemes = ["git+", "hg+", "svn+", "bzr+"];

    private static readonly string[] ArchiveSuffixes = [".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz", ".egg"];

    /// <summary>A word that is a direct reference rather than a requirement: URL, VCS URL or path.</summary>
    public static bool IsReference(string text) =>
        text.Contains("://", StringComparison.Ordinal) || VcsSchemes.Any(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase)) ||
        text.StartsWith('.') || text.StartsWith('/') || text.StartsWith('~') || text.Contains('/') ||
        ArchiveSuffixes.Any(s => text.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    public static SpecClass Classify(string reference)
    {
        var r = reference.Trim();
        if (VcsSchemes.Any(s => r.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            var reference_ = VcsRef(r);
            return r.StartsWith("git+", StringComparison.OrdinalIgnoreCase)
                ? GitRefs.Classify(reference_, "git repository")
                : SpecClass.NonRegistry($"a {r[..r.IndexOf('+')]} repository{(reference_ is null ? "" : $" at '{reference_}'")}");
        }
        if (r.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = r["file:".Length..].TrimStart('/');
            return new SpecClass(PinClass.NonRegistry, "a local path") { LocalPath = r.StartsWith("file:///", StringComparison.OrdinalIgnoreCase) ? "/" + path : path };
        }
        if (r.Contains("://", StringComparison.Ordinal))
        {
            var hash = r.IndexOf('#');
            if (hash >= 0 && HashFragments.Any(h => r.IndexOf(h, hash, StringComparison.OrdinalIgnoreCase) > 0))
            {
                return SpecClass.Exact("an archive URL checked against a hash");
            }
            return SpecClass.NonRegistry("an archive URL, whose content can change without a version change");
        }
        return new SpecClass(PinClass.NonRegistry, "a local path") { LocalPath = r };
    }

    /// <summary>The project name a reference installs: `#egg=name`, else the last path segment's stem.</summary>
    public static string NameOf(string reference)
    {
        var egg = reference.IndexOf("egg=", StringComparison.Ordinal);
        if (egg >= 0)
        {
            var end = reference.IndexOfAny(['&', '#'], egg + 4);
            return reference[(egg + 4)..(end < 0 ? reference.Length : end)];
        }
        var path = reference.Split('#')[0].Split('?')[0].TrimEnd('/');
        var at = path.LastIndexOf('@');
        if (at > path.LastIndexOf('/')) path = path[..at];
        var last = path[(path.LastIndexOf('/') + 1)..];
        if (last.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) last = last[..^4];
        var dash = last.IndexOf('-');
        return dash > 0 && ArchiveSuffixes.Any(s => last.EndsWith(s, StringComparison.OrdinalIgnoreCase)) ? last[..dash] : last.Length == 0 ? reference : last;
    }

    /// <summary>The `@ref` of a VCS URL (after the path, not the `git@` user of an ssh URL), or null.</summary>
    private static string? VcsRef(string url)
    {
        var withoutFragment = url.Split('#')[0];
        var scheme = withoutFragment.IndexOf("://", StringComparison.Ordinal);
        var pathStart = withoutFragment.IndexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (pathStart < 0) return null;
        var at = withoutFragment.LastIndexOf('@');
        return at > pathStart ? withoutFragment[(at + 1)..] : null;
    }
}
