using SkillScan.Model;
using SkillScan.Pinning.Versions;

namespace SkillScan.Pinning.Commands;

/// <summary>
/// `clawhub install slug[@version]`, `skill install github:org/skill[#ref]`, `skills add org/repo`,
/// `openclaw skill install …`: a skill runs with the agent's privileges, so its source should be pinned to an
/// exact registry version or a full commit id.
/// </summary>
public static class SkillInstalls
{
    private static readonly HashSet<string> ValueFlags = new(StringComparer.Ordinal)
    {
        "--version", "--ref", "--dir", "--workdir", "--registry", "--site", "--target", "--agent", "-a",
    };

    public static void Analyze(PinningContext context, CommandLine command, string tool)
    {
        var (sub, at) = InstallCommands.FirstPositional(command.Args, ValueFlags);
        var rest = command.Args.Skip(at + 1).ToList();
        var verb = sub?.Text;
        if (tool == "openclaw")
        {
            if (verb is not ("skill" or "skills")) return;
            (sub, at) = InstallCommands.FirstPositional(rest, ValueFlags);
            rest = rest.Skip(at + 1).ToList();
            verb = sub?.Text;
            tool = "openclaw skills";
        }
        if (verb is not ("install" or "add" or "i")) return;
        var parsed = ParsedArgs.Parse(rest, ValueFlags);
        var version = parsed.Value("--version", "--ref");
        foreach (var word in parsed.Positionals)
        {
            if (word.Text is not { } text || text.Length == 0) continue;
            Report(context, command, word, text, version, $"{tool} {verb}", registryOnly: tool == "clawhub");
        }
    }

    private static void Report(PinningContext context, CommandLine command, CommandWord word, string text, CommandWord? versionOption,
        string tool, bool registryOnly)
    {
        var (display, source, cls, advice) = Classify(text, versionOption?.Text, registryOnly, tool);
        if (cls.Class == PinClass.Exact) return;
        var severity = cls.Class == PinClass.Range ? Severity.Low : Severity.Medium;
        context.Add(new PinIssue
        {
            Rule = PinningRule.UnpinnedSkillInstall,
            Severity = severity,
            Document = command.Document,
            Span = versionOption is not null && !text.Contains('@') && !text.Contains('#') ? versionOption.Span : word.Span,
            Message = $"Skill \"{display}\" is installed without a pinned version: {cls.Reason}. Declared in {command.Where}. " +
                      $"A skill runs with the agent's privileges; whatever is published there later is installed without review. {advice}",
            Source = source,
            Package = display,
            Evidence = new Dictionary<string, string> { ["source"] = source, ["class"] = cls.Class.ToString().ToLowerInvariant() },
        });
    }

    /// <summary>Registry slugs (`name`, `name@1.2.3`) and git sources (`github:org/repo#ref`, `org/repo@ref`, GitHub URLs).</summary>
    public static (string Display, string Source, SpecClass Class, string Advice) Classify(string text, string? version, bool registryOnly, string tool)
    {
        var isGit = !registryOnly && (text.Contains("://", StringComparison.Ordinal) || text.StartsWith("github:", StringComparison.OrdinalIgnoreCase) ||
                                      text.StartsWith("gitlab:", StringComparison.OrdinalIgnoreCase) || text.Contains('/'));
        if (!isGit)
        {
            var at = text.IndexOf('@', 1);
            var slug = at < 0 ? text : text[..at];
            var ver = at < 0 ? version : text[(at + 1)..];
            var cls = ver is null ? SpecClass.Floating("no version (the newest published release)")
                : ver is "latest" ? SpecClass.Floating("the version 'latest'")
                : char.IsAsciiDigit(ver.TrimStart('v', 'V').FirstOrDefault()) ? SpecClass.Exact("an exact registry version")
                : SpecClass.Floating($"the tag '{ver}'");
            return (slug, $"clawhub:{slug}", cls, $"Pin an exact version: {tool} {slug} --version X.Y.Z.");
        }
        var (repo, reference) = SplitGitSource(text);
        reference ??= version;
        var sourceClass = reference is null ? SpecClass.Floating("no ref (the default branch)")
            : GitRefs.IsFullCommit(reference) ? SpecClass.Exact("a full commit id")
            : GitRefs.LooksLikeVersionTag(reference) ? new SpecClass(PinClass.Range, $"the tag '{reference}', which can be moved")
            : SpecClass.Floating($"the branch '{reference}'");
        return (repo, $"github:{repo}", sourceClass, $"Pin a full commit id: {tool} github:{repo}#<40-character commit id>.");
    }

    private static (string Repo, string? Ref) SplitGitSource(string text)
    {
        var t = text.Trim();
        foreach (var prefix in new[] { "github:", "gitlab:" })
        {
            if (t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) t = t[prefix.Length..];
        }
        var scheme = t.IndexOf("://", StringComparison.Ordinal);
        string? reference = null;
        if (scheme >= 0)
        {
            // https://github.com/org/repo(.git)(/tree/<ref>/...)(#ref)
            var path = t[(scheme + 3)..];
            var hash = path.IndexOf('#');
            if (hash >= 0)
            {
                reference = path[(hash + 1)..];
                path = path[..hash];
            }
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var tree = Array.IndexOf(segments, "tree");
            if (tree >= 0 && tree + 1 < segments.Length) reference ??= segments[tree + 1];
            var repo = segments.Length >= 3 ? $"{segments[1]}/{segments[2]}" : path;
            return (repo.EndsWith(".git", StringComparison.Ordinal) ? repo[..^4] : repo, reference);
        }
        var sep = t.IndexOfAny(['#', '@']);
        if (sep >= 0)
        {
            reference = t[(sep + 1)..];
            t = t[..sep];
        }
        return (t, reference);
    }
}
