using SkillScan.Model;

namespace SkillScan.Pinning.Commands;

/// <summary>Package indexes other than the public registries: `--extra-index-url`, `--registry`, `[[source]]`...</summary>
public static class Indexes
{
    private static readonly string[] PublicHosts =
    [
        "pypi.org", "pypi.python.org", "files.pythonhosted.org", "registry.npmjs.org", "registry.yarnpkg.com",
        "rubygems.org", "api.nuget.org", "index.crates.io", "crates.io", "static.crates.io",
    ];

    public enum Kind
    {
        /// <summary>Replaces the public registry (--index-url, --registry, a [[source]]).</summary>
        Replacement,

        /// <summary>Consulted alongside the public registry (--extra-index-url): dependency confusion.</summary>
        Extra,

        /// <summary>A page or folder of archives pip may pick from (--find-links).</summary>
        FindLinks,
    }

    public static string? HostOf(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host.ToLowerInvariant() : null;

    public static bool IsPublic(string url) => HostOf(url) is { } host && PublicHosts.Contains(host);

    public static void Report(PinningContext context, CommandLine command, CommandWord word, string option, Ecosystem ecosystem) =>
        Report(context, command.Document, word, option, ecosystem, command.Where, KindOf(option));

    public static void ReportPythonOptions(PinningContext context, CommandLine command, ParsedArgs parsed)
    {
        foreach (var (flag, value) in parsed.Options)
        {
            if (value is null) continue;
            if (flag is "-i" or "--index-url" or "--extra-index-url" or "-f" or "--find-links" or "--index" or "--default-index")
            {
                Report(context, command.Document, value, flag, Ecosystem.PyPI, command.Where, KindOf(flag));
            }
        }
    }

    public static Kind KindOf(string option) => option switch
    {
        "--extra-index-url" or "--index" => Kind.Extra,
        "-f" or "--find-links" => Kind.FindLinks,
        _ => Kind.Replacement,
    };

    public static void Report(PinningContext context, SourceDocument document, CommandWord word, string option, Ecosystem ecosystem, string where, Kind kind)
    {
        if (word.Text is not { } url || url.Length == 0 || IsPublic(url)) return;
        // Only URLs: a local folder of archives (-f ./wheels) is part of the skill.
        var host = HostOf(url);
        if (host is null || !url.Contains("://", StringComparison.Ordinal)) return;
        var registry = ecosystem switch
        {
            Ecosystem.PyPI => "PyPI",
            Ecosystem.Npm => "the npm registry",
            Ecosystem.RubyGems => "rubygems.org",
            Ecosystem.Cargo => "crates.io",
            _ => "the public registry",
        };
        var title = kind switch
        {
            Kind.Extra => $"Packages may come from \"{url}\" as well as {registry}: {option} adds an index that is consulted alongside it.",
            Kind.FindLinks => $"Packages may come from archives at \"{url}\": {option} lets the installer pick any archive found there.",
            _ => $"Packages come from \"{url}\" instead of {registry} ({option}).",
        };
        var risk = kind == Kind.Extra
            ? "The installer takes whichever index offers the highest version, so anyone who publishes a package of the same name on either index wins (dependency confusion)."
            : "What that server returns is outside the public registry's guarantees that a published version never changes.";
        context.Add(new PinIssue
        {
            Rule = PinningRule.PackageIndexOverride,
            Severity = Severity.Medium,
            Document = document,
            Span = word.Span,
            Message = $"{title} Declared in {where}. {risk} Use one index that mirrors {registry}, and pin exact versions with hashes or a lockfile with integrity.",
            Domain = host,
            Evidence = new Dictionary<string, string> { ["index"] = url, ["option"] = option },
        });
    }
}
